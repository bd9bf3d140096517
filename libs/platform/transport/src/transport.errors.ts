import { DomainError, type DomainErrorData, type DomainErrorKind } from '@surge/contracts';
import { isRecord, type InternalReason, type ReplyEnvelope } from './envelope.js';

/** No reply before the request's deadline. The request may still have run: retry only idempotent calls. */
export class TransportTimeoutError extends DomainError {
  constructor(
    readonly pattern: string,
    readonly timeoutMs: number,
  ) {
    super('unavailable', 'TRANSPORT_TIMEOUT', 'The service did not answer in time', { retryAfterSeconds: 1 });
    this.name = 'TransportTimeoutError';
  }
}

/** The client closed while the call waited (shutdown); another instance may retry it. */
export class TransportClosedError extends DomainError {
  constructor(readonly pattern: string) {
    super('unavailable', 'TRANSPORT_CLOSED', 'The connection to the service closed; try again', { retryAfterSeconds: 1 });
    this.name = 'TransportClosedError';
  }
}

/** The remote handler failed with something other than a domain error; the cause stays in the server's logs. */
export class RemoteHandlerError extends Error {
  constructor(
    readonly service: string,
    readonly pattern: string,
    readonly reason: InternalReason,
  ) {
    super('The remote service failed to handle the request');
    this.name = 'RemoteHandlerError';
  }
}

/**
 * The data of a domain error, or undefined for anything else. Accepts a DomainError and also a plain
 * object with kind, code and message (what an exception filter or RpcException may hand over).
 */
export function domainErrorData(error: unknown): DomainErrorData | undefined {
  if (error instanceof DomainError) return error.toData();
  if (!isRecord(error)) return undefined;
  const { kind, code, message, details, errors, retryAfterSeconds } = error;
  if (typeof kind !== 'string' || typeof code !== 'string' || typeof message !== 'string') return undefined;
  // Copy known fields only: whatever else the object carries (a stack, a cause) stays here.
  const data: DomainErrorData = { kind: kind as DomainErrorKind, code, message };
  if (isRecord(details)) data.details = details;
  if (Array.isArray(errors)) data.errors = errors as DomainErrorData['errors'];
  if (typeof retryAfterSeconds === 'number') data.retryAfterSeconds = retryAfterSeconds;
  return data;
}

/** The reply for a handler failure: domain errors as data, anything else as a bare "internal". */
export function errorReply(id: string, error: unknown): ReplyEnvelope {
  const data = domainErrorData(error);
  return data ? { id, status: 'error', error: data } : { id, status: 'internal', reason: 'handler_failed' };
}

export type ReplyResult = { ok: true; response: unknown } | { ok: false; error: Error; domain: boolean };

/** What the caller gets for a reply: the value, the rebuilt domain error, or a RemoteHandlerError. */
export function replyResult(
  reply: ReplyEnvelope,
  errorFactory: (data: DomainErrorData) => Error,
  call: { service: string; pattern: string },
): ReplyResult {
  if (reply.status === 'ok') return { ok: true, response: reply.response };
  if (reply.status === 'error') return { ok: false, error: errorFactory(reply.error), domain: true };
  return { ok: false, error: new RemoteHandlerError(call.service, call.pattern, reply.reason), domain: false };
}
