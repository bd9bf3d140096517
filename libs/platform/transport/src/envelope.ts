import type { DomainErrorData } from '@surge/contracts';

/** A request or event as it sits in a stream entry. */
export interface TransportEnvelope {
  /** Request id: matches the reply to its caller, and names the call in logs. */
  id: string;
  pattern: string;
  data: unknown;
  /** Out-of-band strings such as `x-request-id`. */
  headers: Record<string, string>;
  /** Requests only: absolute epoch ms after which nobody waits for the answer. */
  deadline?: number;
  /** Requests only: the list the reply is pushed to. */
  replyTo?: string;
}

/** What a server pushes to the caller's reply list. */
export type ReplyEnvelope =
  | { id: string; status: 'ok'; response?: unknown }
  | { id: string; status: 'error'; error: DomainErrorData }
  /** A failure that is not a domain error: its message and stack stay on the server. */
  | { id: string; status: 'internal'; reason: InternalReason };

export type InternalReason = 'handler_failed' | 'no_handler' | 'unserializable_response';

export class MalformedEnvelopeError extends Error {
  override name = 'MalformedEnvelopeError';
}

/** Flat field/value list for XADD; data and headers as JSON so any payload survives. */
export function encodeEnvelope(envelope: TransportEnvelope): string[] {
  const fields = ['id', envelope.id, 'pattern', envelope.pattern, 'headers', JSON.stringify(envelope.headers)];
  // `undefined` has no JSON form; an empty string stands for it.
  fields.push('data', envelope.data === undefined ? '' : JSON.stringify(envelope.data));
  if (envelope.deadline !== undefined) fields.push('deadline', String(envelope.deadline));
  if (envelope.replyTo !== undefined) fields.push('replyTo', envelope.replyTo);
  return fields;
}

/** Reads a stream entry's fields back; anything off-shape throws MalformedEnvelopeError. */
export function decodeEnvelope(fields: readonly string[]): TransportEnvelope {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  const id = map.get('id');
  const pattern = map.get('pattern');
  if (!id || !pattern) throw new MalformedEnvelopeError('Envelope without id or pattern');
  const envelope: TransportEnvelope = {
    id,
    pattern,
    data: parseJson(map.get('data') ?? '', 'data'),
    headers: parseHeaders(map.get('headers')),
  };
  const deadline = map.get('deadline');
  if (deadline !== undefined) {
    const value = Number(deadline);
    if (!Number.isFinite(value)) throw new MalformedEnvelopeError(`Bad deadline "${deadline}"`);
    envelope.deadline = value;
  }
  const replyTo = map.get('replyTo');
  if (replyTo !== undefined) envelope.replyTo = replyTo;
  return envelope;
}

/** True once the request's deadline has passed: its caller has given up, so running it is waste. */
export function isExpired(envelope: Pick<TransportEnvelope, 'deadline'>, now = Date.now()): boolean {
  return envelope.deadline !== undefined && envelope.deadline <= now;
}

export function encodeReply(reply: ReplyEnvelope): string {
  return JSON.stringify(reply);
}

export function decodeReply(raw: string): ReplyEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new MalformedEnvelopeError('Reply is not JSON');
  }
  if (!isRecord(value) || typeof value.id !== 'string') throw new MalformedEnvelopeError('Reply without id');
  if (value.status === 'ok') return { id: value.id, status: 'ok', response: value.response };
  if (value.status === 'error' && isRecord(value.error)) return value as ReplyEnvelope;
  if (value.status === 'internal') return { id: value.id, status: 'internal', reason: value.reason as InternalReason };
  throw new MalformedEnvelopeError(`Reply with unknown status "${String(value.status)}"`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(raw: string, what: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new MalformedEnvelopeError(`Envelope ${what} is not JSON`);
  }
}

function parseHeaders(raw: string | undefined): Record<string, string> {
  const value = raw === undefined ? {} : parseJson(raw, 'headers');
  if (value === undefined) return {};
  if (!isRecord(value)) throw new MalformedEnvelopeError('Envelope headers are not a map');
  const headers: Record<string, string> = {};
  // Only strings cross: a header map is not a second payload.
  for (const [name, header] of Object.entries(value)) if (typeof header === 'string') headers[name] = header;
  return headers;
}
