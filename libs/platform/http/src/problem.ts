import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, type DomainErrorKind, type FieldError } from '@surge/contracts';

/** RFC 9457 problem details, as every error response of Surge carries them. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface Problem {
  status: number;
  body: ProblemBody;
  retryAfterSeconds?: number;
  /** True for failures that are ours (5xx other than deliberate 503s); these get logged with stack. */
  unexpected: boolean;
}

const KIND_STATUS: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

const STATUS_CODE: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** Default Retry-After for 429 and 503 when the error does not say. */
const DEFAULT_RETRY_AFTER: Record<number, number> = { 429: 1, 503: 5 };

function title(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toLowerCase().replace(/(^|_)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase()) : 'Error';
}

function body(status: number, code: string, detail: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  return { type: `urn:surge:problem:${code.toLowerCase().replace(/_/g, '-')}`, title: title(status), status, detail, code, ...extra };
}

/**
 * Maps anything thrown while serving a request to one problem response. Never leaks internals.
 * Fastify's own 4xx errors (body too large, malformed JSON) reach here as HttpExceptions.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    const status = KIND_STATUS[error.kind];
    // Domain errors carry only client-safe data; `details` (e.g. which items are short) is part of the contract.
    const extra: Partial<ProblemBody> = {
      ...(error.extra.errors ? { errors: error.extra.errors } : {}),
      ...(error.extra.details ? { details: error.extra.details } : {}),
    };
    return {
      status,
      body: body(status, error.code, error.message, extra),
      retryAfterSeconds: error.extra.retryAfterSeconds ?? DEFAULT_RETRY_AFTER[status],
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const given = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const code = typeof given.code === 'string' ? given.code : (STATUS_CODE[status] ?? `HTTP_${status}`);
    const detail = status >= 500 && status !== 503 ? 'An unexpected error occurred' : error.message;
    const retry = typeof given.retryAfterSeconds === 'number' ? given.retryAfterSeconds : DEFAULT_RETRY_AFTER[status];
    return { status, body: body(status, code, detail), retryAfterSeconds: retry, unexpected: status >= 500 && status !== 503 };
  }
  return { status: 500, body: body(500, 'INTERNAL_ERROR', 'An unexpected error occurred'), unexpected: true };
}
