import { describe, expect, it } from '@jest/globals';
import { DomainError, NotFoundError, OutOfStockError, type DomainErrorData } from '@surge/contracts';
import { firstValueFrom } from 'rxjs';
import { DomainErrorRpcFilter } from './domain-error.rpc-filter.js';
import { decodeEnvelope, decodeReply, encodeEnvelope, encodeReply, isExpired, MalformedEnvelopeError } from './envelope.js';
import { RedisStreamsClient } from './redis-streams.client.js';
import { RedisStreamsContext } from './redis-streams.context.js';
import { RedisStreamsServer } from './redis-streams.server.js';
import { domainErrorData, errorReply, RemoteHandlerError, replyResult, TransportTimeoutError } from './transport.errors.js';
import { eventStreamKey, replyKey, requestStreamKey, serviceOfPattern } from './transport.keys.js';

const call = { service: 'catalog', pattern: 'catalog.reserveStock' };
const fromData = (data: DomainErrorData) => DomainError.fromData(data);

describe('envelope', () => {
  it('round-trips a request with headers, deadline and reply key', () => {
    const envelope = {
      id: 'r-1',
      pattern: 'catalog.reserveStock',
      data: { items: [{ productId: 7, quantity: 2 }], note: 'ü' },
      headers: { 'x-request-id': 'abc' },
      deadline: 1_700_000_005_000,
      replyTo: 'p:reply:c1',
    };
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
  });

  it('round-trips an event, which has neither deadline nor reply key, and undefined data', () => {
    const decoded = decodeEnvelope(encodeEnvelope({ id: 'e-1', pattern: 'orders.placed', data: undefined, headers: {} }));
    expect(decoded).toEqual({ id: 'e-1', pattern: 'orders.placed', data: undefined, headers: {} });
    expect(decoded).not.toHaveProperty('deadline');
    expect(decoded).not.toHaveProperty('replyTo');
  });

  it('rejects entries without id or pattern, with bad JSON, or a bad deadline', () => {
    expect(() => decodeEnvelope(['pattern', 'a.b', 'data', '1'])).toThrow(MalformedEnvelopeError);
    expect(() => decodeEnvelope(['id', 'x', 'data', '1'])).toThrow(MalformedEnvelopeError);
    expect(() => decodeEnvelope(['id', 'x', 'pattern', 'a.b', 'data', '{nope'])).toThrow(MalformedEnvelopeError);
    expect(() => decodeEnvelope(['id', 'x', 'pattern', 'a.b', 'headers', '[1]'])).toThrow(MalformedEnvelopeError);
    expect(() => decodeEnvelope(['id', 'x', 'pattern', 'a.b', 'deadline', 'soon'])).toThrow(MalformedEnvelopeError);
  });

  it('keeps only string headers', () => {
    const decoded = decodeEnvelope(['id', 'x', 'pattern', 'a.b', 'headers', JSON.stringify({ a: '1', b: 2, c: { d: 1 } })]);
    expect(decoded.headers).toEqual({ a: '1' });
  });

  it('treats a request at or past its deadline as expired, and an event never', () => {
    expect(isExpired({ deadline: 1000 }, 999)).toBe(false);
    expect(isExpired({ deadline: 1000 }, 1000)).toBe(true);
    expect(isExpired({ deadline: 1000 }, 5000)).toBe(true);
    expect(isExpired({}, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('decodes replies and refuses unknown ones', () => {
    expect(decodeReply(encodeReply({ id: '1', status: 'ok', response: [1, 2] }))).toEqual({ id: '1', status: 'ok', response: [1, 2] });
    expect(decodeReply(encodeReply({ id: '1', status: 'internal', reason: 'no_handler' }))).toEqual({
      id: '1',
      status: 'internal',
      reason: 'no_handler',
    });
    expect(() => decodeReply('{"id":"1","status":"maybe"}')).toThrow(MalformedEnvelopeError);
    expect(() => decodeReply('{"status":"ok"}')).toThrow(MalformedEnvelopeError);
    expect(() => decodeReply('not json')).toThrow(MalformedEnvelopeError);
  });
});

describe('keys and routing', () => {
  it('routes a pattern to the service named before its first dot', () => {
    expect(serviceOfPattern('catalog.reserveStock')).toBe('catalog');
    expect(serviceOfPattern('orders.admin.list')).toBe('orders');
    expect(() => serviceOfPattern('reserveStock')).toThrow(/names no service/);
    expect(() => serviceOfPattern('.x')).toThrow(/names no service/);
  });

  it('names request, event and reply keys under the prefix', () => {
    expect(requestStreamKey('p', 'catalog')).toBe('p:rpc:catalog');
    expect(eventStreamKey('p', 'orders.placed')).toBe('p:events:orders.placed');
    expect(replyKey('p', 'host-1-ab')).toBe('p:reply:host-1-ab');
  });
});

describe('error mapping', () => {
  it('sends a domain error subclass as its data', () => {
    const error = new OutOfStockError([{ productId: 3, requested: 5, available: 1 }]);
    const reply = errorReply('r-1', error);
    expect(reply).toEqual({ id: 'r-1', status: 'error', error: error.toData() });
    expect(JSON.parse(encodeReply(reply)).error).toMatchObject({ kind: 'conflict', code: 'OUT_OF_STOCK' });
  });

  it('accepts a plain object with kind, code and message, copying only the known fields', () => {
    const data = domainErrorData({ kind: 'not_found', code: 'NO_SUCH', message: 'gone', details: { id: 1 }, stack: 'secret', cause: {} });
    expect(data).toEqual({ kind: 'not_found', code: 'NO_SUCH', message: 'gone', details: { id: 1 } });
  });

  it('sends any other failure as a bare internal error: no message, no stack', () => {
    const reply = errorReply('r-2', new Error('password=hunter2 at db.ts:12'));
    expect(reply).toEqual({ id: 'r-2', status: 'internal', reason: 'handler_failed' });
    expect(encodeReply(reply)).not.toContain('hunter2');
    // What Nest's default RPC filter makes of an unknown error is not a domain error either.
    expect(errorReply('r-3', { status: 'error', message: 'Internal server error' }).status).toBe('internal');
  });

  it('rebuilds a domain error with the same kind, code and details by default', () => {
    const original = new NotFoundError('No product 9', 'PRODUCT_NOT_FOUND');
    const wire = decodeReply(encodeReply(errorReply('r-1', original)));
    const result = replyResult(wire, fromData, call);
    expect(result.ok).toBe(false);
    const error = (result as { error: Error }).error;
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).toData()).toEqual(original.toData());
  });

  it('lets an error factory recreate subclasses', () => {
    const shortages = [{ productId: 3, requested: 5, available: 1 }];
    const registry = (data: DomainErrorData): Error =>
      data.code === 'OUT_OF_STOCK' ? new OutOfStockError(data.details?.items as typeof shortages) : DomainError.fromData(data);
    const wire = decodeReply(encodeReply(errorReply('r-1', new OutOfStockError(shortages))));
    const result = replyResult(wire, registry, call);
    expect((result as { error: Error }).error).toBeInstanceOf(OutOfStockError);
    expect(((result as { error: Error }).error as OutOfStockError).shortages).toEqual(shortages);
  });

  it('turns an internal reply into a RemoteHandlerError with a generic message', () => {
    const result = replyResult({ id: 'r', status: 'internal', reason: 'handler_failed' }, fromData, call);
    const error = (result as { error: Error }).error;
    expect(error).toBeInstanceOf(RemoteHandlerError);
    expect(error).not.toBeInstanceOf(DomainError);
    expect(error.message).toBe('The remote service failed to handle the request');
    expect(error).toMatchObject({ service: 'catalog', pattern: 'catalog.reserveStock', reason: 'handler_failed' });
  });

  it('passes an ok reply through', () => {
    expect(replyResult({ id: 'r', status: 'ok', response: { n: 1 } }, fromData, call)).toEqual({ ok: true, response: { n: 1 } });
  });

  it('makes timeouts retryable domain errors of kind unavailable', () => {
    const error = new TransportTimeoutError('catalog.x', 5000);
    expect(error.toData()).toEqual({
      kind: 'unavailable',
      code: 'TRANSPORT_TIMEOUT',
      message: 'The service did not answer in time',
      retryAfterSeconds: 1,
    });
  });

  it('lets domain errors through the RPC filter unchanged', async () => {
    const error = new NotFoundError();
    await expect(firstValueFrom(new DomainErrorRpcFilter().catch(error))).rejects.toBe(error);
  });
});

describe('context and options', () => {
  it('exposes pattern, headers, ids and deadline to handlers', () => {
    const context = new RedisStreamsContext(['svc.echo', { 'x-request-id': 'rid' }, 'msg-1', 'p:rpc:svc', '1-0', 42]);
    expect(context.getPattern()).toBe('svc.echo');
    expect(context.getHeaders()).toEqual({ 'x-request-id': 'rid' });
    expect(context.getMessageId()).toBe('msg-1');
    expect(context.getStream()).toBe('p:rpc:svc');
    expect(context.getEntryId()).toBe('1-0');
    expect(context.getDeadline()).toBe(42);
  });

  it('refuses options that would break routing or liveness', () => {
    const base = { url: 'redis://127.0.0.1:1', keyPrefix: 'p' };
    expect(() => new RedisStreamsServer({ ...base, service: 'cat.alog' })).toThrow(/without dots/);
    expect(() => new RedisStreamsServer({ ...base, service: 'svc', blockMs: 5000 })).toThrow(/blockMs/);
    expect(() => new RedisStreamsServer({ ...base, service: 'svc', concurrency: 0 })).toThrow(/concurrency/);
    expect(() => new RedisStreamsClient({ ...base, requestTimeoutMs: -1 })).toThrow(/requestTimeoutMs/);
  });

  it('gives each instance its own consumer name and reply key', () => {
    const base = { url: 'redis://127.0.0.1:1', keyPrefix: 'p' };
    const a = new RedisStreamsServer({ ...base, service: 'svc' });
    const b = new RedisStreamsServer({ ...base, service: 'svc' });
    expect(a.consumerName).not.toBe(b.consumerName);
    expect(a.consumerName).toMatch(new RegExp(`-${process.pid}-[0-9a-f]{8}$`));
    const c = new RedisStreamsClient(base);
    const d = new RedisStreamsClient(base);
    expect(c.replyKey).toMatch(/^p:reply:/);
    expect(c.replyKey).not.toBe(d.replyKey);
  });
});
