import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { DomainError, ServiceUnavailableError, type DomainErrorData } from '@surge/contracts';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { decodeReply, encodeEnvelope, type TransportEnvelope } from './envelope.js';
import { closeConnection, errorMessage, openConnection } from './redis-connections.js';
import { replyResult, TransportClosedError, TransportTimeoutError } from './transport.errors.js';
import { eventStreamKey, replyKey, requestStreamKey, serviceOfPattern, uniqueInstanceName } from './transport.keys.js';
import { clientDurationHistogram, type ClientOutcome } from './transport.metrics.js';
import { commonSettings, positiveInt, TRANSPORT_DEFAULTS, type RedisStreamsClientOptions } from './transport.options.js';

interface PendingCall {
  service: string;
  pattern: string;
  startedAt: number;
  timer: NodeJS.Timeout;
  callback: (packet: WritePacket) => void;
}

/** Replies drained per round trip after a blocking pop: replies come in bursts under load. */
const REPLY_BATCH = 256;

/**
 * Client for RedisStreamsServer. `send('catalog.reserveStock', data)` goes to the `catalog` service's
 * request stream (the pattern's part before the first dot) and waits for the reply on this instance's
 * own list; `emit(pattern, data)` appends to the pattern's event stream.
 */
export class RedisStreamsClient extends ClientProxy {
  readonly clientId: string;
  readonly replyKey: string;
  private readonly settings: ReturnType<typeof resolveClientSettings>;
  private readonly errorFactory: (data: DomainErrorData) => Error;
  private readonly duration = clientDurationHistogram();
  private readonly pending = new Map<string, PendingCall>();
  private commands?: Redis;
  private reader?: Redis;
  private replyLoop?: Promise<void>;

  constructor(private readonly options: RedisStreamsClientOptions) {
    super();
    this.settings = resolveClientSettings(options);
    this.errorFactory = options.errorFactory ?? ((data) => DomainError.fromData(data));
    this.clientId = options.clientId ?? uniqueInstanceName();
    this.replyKey = replyKey(options.keyPrefix, this.clientId);
  }

  /** Opens the connections once; Nest calls this before every send/emit. */
  async connect(): Promise<void> {
    if (this.commands) return;
    const name = `surge:client:${this.clientId}`;
    this.commands = openConnection(this.options.url, name, { blocking: false });
    this.reader = openConnection(this.options.url, `${name}:replies`, { blocking: true });
    this.replyLoop = this.readReplies(this.reader);
    this._status$.next('connected');
  }

  /** Rejects every waiting call with a retryable TransportClosedError and closes the connections. */
  async close(): Promise<void> {
    const { commands, reader } = this;
    if (!commands) return;
    this.commands = undefined;
    this.reader = undefined;
    for (const [id, call] of this.pending) this.settle(id, call, 'closed', { err: new TransportClosedError(call.pattern) });
    // The reader sits in BLPOP: dropping the socket is the way out, and nothing it could still pop is wanted.
    reader?.disconnect();
    await this.replyLoop;
    await commands.del(this.replyKey).catch(() => undefined);
    await closeConnection(commands);
    this._status$.next('disconnected');
  }

  unwrap<T>(): T {
    if (!this.commands) throw new Error('RedisStreamsClient is not connected');
    return this.commands as T;
  }

  /** Calls waiting for a reply (for tests and shutdown logs). */
  get pendingCalls(): number {
    return this.pending.size;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const pattern = this.normalizePattern(packet.pattern);
    let service: string;
    try {
      service = serviceOfPattern(pattern);
    } catch (error) {
      callback({ err: error });
      return () => undefined;
    }
    const commands = this.commands;
    if (!commands) {
      callback({ err: new TransportClosedError(pattern) });
      return () => undefined;
    }
    const id = randomUUID();
    const timeoutMs = this.settings.requestTimeoutMs;
    const envelope: TransportEnvelope = {
      id,
      pattern,
      data: packet.data,
      headers: this.headersFor(packet),
      deadline: Date.now() + timeoutMs,
      replyTo: this.replyKey,
    };
    const call: PendingCall = {
      service,
      pattern,
      startedAt: performance.now(),
      callback,
      // The server drops the request at the same deadline, so after it nothing will answer.
      timer: setTimeout(() => this.settle(id, call, 'timeout', { err: new TransportTimeoutError(pattern, timeoutMs) }), timeoutMs),
    };
    call.timer.unref();
    this.pending.set(id, call);
    commands
      .xadd(requestStreamKey(this.options.keyPrefix, service), 'MAXLEN', '~', this.settings.maxStreamLength, '*', ...encodeEnvelope(envelope))
      .catch((error: unknown) => {
        const err = new ServiceUnavailableError(`Could not send ${pattern}: ${errorMessage(error)}`, 1);
        this.settle(id, call, 'send_failed', { err });
      });
    // The caller unsubscribed: forget the call; a late reply is then ignored.
    return () => {
      if (this.pending.get(id) !== call) return;
      this.pending.delete(id);
      clearTimeout(call.timer);
      this.duration.observe({ service, pattern, outcome: 'abandoned' }, (performance.now() - call.startedAt) / 1000);
    };
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const pattern = this.normalizePattern(packet.pattern);
    const envelope: TransportEnvelope = { id: randomUUID(), pattern, data: packet.data, headers: this.headersFor(packet) };
    if (!this.commands) throw new TransportClosedError(pattern);
    await this.commands.xadd(
      eventStreamKey(this.options.keyPrefix, pattern), 'MAXLEN', '~', this.settings.maxStreamLength, '*', ...encodeEnvelope(envelope),
    );
    return undefined as T;
  }

  private headersFor(packet: ReadPacket): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const source of [this.options.headers?.(), packet.metadata]) {
      for (const [name, value] of Object.entries(source ?? {})) if (typeof value === 'string') headers[name] = value;
    }
    return headers;
  }

  private async readReplies(reader: Redis): Promise<void> {
    const timeoutSeconds = this.settings.blockMs / 1000;
    while (this.reader === reader) {
      try {
        // One blocking command returns every reply waiting (up to a batch): no second round trip
        // between a wake-up and the next wait (BLMPOP, Redis 7).
        const popped = (await reader.call('BLMPOP', timeoutSeconds, 1, this.replyKey, 'LEFT', 'COUNT', REPLY_BATCH)) as [string, string[]] | null;
        for (const raw of popped?.[1] ?? []) this.onReply(raw);
      } catch {
        if (this.reader !== reader) return;
        await new Promise((resolve) => setTimeout(resolve, 200).unref());
      }
    }
  }

  private onReply(raw: string): void {
    let reply;
    try {
      reply = decodeReply(raw);
    } catch {
      return; // not ours to understand; the caller times out
    }
    const call = this.pending.get(reply.id);
    if (!call) return; // timed out or unsubscribed already
    const result = replyResult(reply, this.errorFactory, call);
    if (result.ok) this.settle(reply.id, call, 'ok', { response: result.response, isDisposed: true });
    else this.settle(reply.id, call, result.domain ? 'error' : 'remote_error', { err: result.error });
  }

  private settle(id: string, call: PendingCall, outcome: ClientOutcome, packet: WritePacket): void {
    if (this.pending.get(id) !== call) return;
    this.pending.delete(id);
    clearTimeout(call.timer);
    this.duration.observe({ service: call.service, pattern: call.pattern, outcome }, (performance.now() - call.startedAt) / 1000);
    call.callback(packet);
  }
}

function resolveClientSettings(options: RedisStreamsClientOptions) {
  return {
    ...commonSettings(options),
    requestTimeoutMs: positiveInt('requestTimeoutMs', options.requestTimeoutMs, TRANSPORT_DEFAULTS.requestTimeoutMs),
  };
}
