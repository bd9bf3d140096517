/**
 * What kind of failure a domain error is. Transports carry the kind and code as data; the HTTP
 * layer maps each kind to one status, in one place.
 */
export type DomainErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

/** The serialisable form of a domain error, as it crosses a transport. */
export interface DomainErrorData {
  kind: DomainErrorKind;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  errors?: FieldError[];
  retryAfterSeconds?: number;
}

/** Base of every error a use case throws; `code` is a stable upper-case identifier. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly extra: Omit<DomainErrorData, 'kind' | 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toData(): DomainErrorData {
    return { kind: this.kind, code: this.code, message: this.message, ...this.extra };
  }

  static fromData(data: DomainErrorData): DomainError {
    const { kind, code, message, ...extra } = data;
    return new DomainError(kind, code, message, extra);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], message = 'The request is not valid') {
    super('validation', 'VALIDATION_FAILED', message, { errors });
  }
}

export class NotFoundError extends DomainError {
  constructor(message = 'Not found', code = 'NOT_FOUND') {
    super('not_found', code, message);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(message = 'A dependency is unavailable; try again shortly', retryAfterSeconds = 5) {
    super('unavailable', 'SERVICE_UNAVAILABLE', message, { retryAfterSeconds });
  }
}
