import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { lastValueFrom, type Observable } from 'rxjs';
import { decodeEnvelope, encodeReply, isExpired, type ReplyEnvelope, type TransportEnvelope } from './envelope.js';
import { RedisStreamsContext } from './redis-streams.context.js';
import { closeConnection, errorMessage, openConnection } from './redis-connections.js';
import { readConsumers } from './transport-discovery.js';
import { errorReply } from './transport.errors.js';
import { eventStreamKey, replyKeyPrefix, requestStreamKey, uniqueInstanceName } from './transport.keys.js';
import { serverMetrics, type ServerOutcome } from './transport.metrics.js';
import { commonSettings, positiveInt, TRANSPORT_DEFAULTS, type RedisStreamsServerOptions } from './transport.options.js';

interface StreamBinding {
  key: string;
  kind: 'rpc' | 'event';
}

type StreamEntry = [id: string, fields: string[] | null];
type State = 'idle' | 'running' | 'closing' | 'closed';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Server strategy on Redis Streams consumer groups: the replicas of one service share a group, so
 * each request and each event reaches one replica of it. Pending messages of a silent replica are
 * taken over (XAUTOCLAIM) after `claimIdleMs`.
 */
export class RedisStreamsServer extends Server implements CustomTransportStrategy {
  // Event handler failures come back to us (we await the handler to ack after it), not to Nest's logger.
  override readonly propagatesEventHandlerErrors = true;
  readonly consumerName: string;
  private readonly service: string;
  private readonly settings: ReturnType<typeof resolveServerSettings>;
  private readonly metrics = serverMetrics();
  private state: State = 'idle';
  private commands?: Redis;
  private reader?: Redis;
  private readerClientId?: number;
  private streams: StreamBinding[] = [];
  /** stream key → entry id → when this replica last took it (to keep long handlers' entries ours). */
  private readonly inFlight = new Map<string, Map<string, number>>();
  private inFlightCount = 0;
  private slotWaiters: Array<() => void> = [];
  private drainWaiters: Array<() => void> = [];
  private readLoop?: Promise<void>;
  private maintenanceTimer?: NodeJS.Timeout;
  private maintenanceRun?: Promise<void>;
  private lastHousekeeping = Date.now();

  constructor(options: RedisStreamsServerOptions) {
    super();
    this.settings = resolveServerSettings(options);
    this.service = options.service;
    this.consumerName = options.consumerName ?? uniqueInstanceName();
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'closing';
    this.wakeSlotWaiters();
    // CLIENT UNBLOCK ends the blocked XREADGROUP at once, as a timeout: nothing it had read is lost.
    if (this.readerClientId !== undefined) await this.commands?.client('UNBLOCK', this.readerClientId).catch(() => undefined);
    await this.readLoop;
    const drained = await this.waitForDrain(this.settings.shutdownTimeoutMs);
    clearInterval(this.maintenanceTimer);
    await this.maintenanceRun; // its heartbeat must not re-create the consumer removed below
    // Unfinished messages stay pending under our name, so another replica claims them; a clean exit
    // removes our consumer so discovery stops counting us at once.
    if (drained) await this.removeOwnConsumer().catch(() => undefined);
    else this.logger.warn(`${this.inFlightCount} handlers still running after ${this.settings.shutdownTimeoutMs} ms; left for other replicas`);
    this.state = 'closed';
    await Promise.all([closeConnection(this.reader, false), closeConnection(this.commands)]);
    this._status$.next('disconnected');
  }

  /** Listens to the Redis connections' events ('error', 'ready', ...); only once listening. */
  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    for (const redis of [this.commands, this.reader]) redis?.on(event, callback as unknown as (...args: unknown[]) => void);
  }

  unwrap<T>(): T {
    if (!this.commands) throw new Error('RedisStreamsServer is not listening');
    return this.commands as T;
  }

  private async start(): Promise<void> {
    const name = `surge:${this.service}:${this.consumerName}`;
    this.commands = openConnection(this.settings.url, name, { blocking: false, retryCommands: true });
    this.reader = openConnection(this.settings.url, `${name}:reader`, { blocking: true });
    this.reader.on('ready', () => {
      this.reader?.client('ID').then((id) => (this.readerClientId = Number(id)), () => undefined);
    });
    this.streams = [{ key: requestStreamKey(this.settings.keyPrefix, this.service), kind: 'rpc' }];
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler) this.streams.push({ key: eventStreamKey(this.settings.keyPrefix, pattern), kind: 'event' });
      else if (!pattern.startsWith(`${this.service}.`)) {
        this.logger.warn(`Request pattern "${pattern}" does not start with "${this.service}.": clients will never route it here`);
      }
    }
    await this.ensureGroups();
    await this.heartbeat(); // visible to discovery before the first request arrives
    this.state = 'running';
    this.readLoop = this.runReadLoop();
    this.maintenanceTimer = setInterval(() => {
      this.maintenanceRun ??= this.maintain().finally(() => (this.maintenanceRun = undefined));
    }, this.settings.maintenanceIntervalMs);
    this._status$.next('connected');
  }

  /** Requests from before the group existed are read too (they carry deadlines); events start at now. */
  private async ensureGroups(): Promise<void> {
    for (const stream of this.streams) {
      const start = stream.kind === 'rpc' ? '0' : '$';
      await this.commands!.xgroup('CREATE', stream.key, this.service, start, 'MKSTREAM').catch((error: unknown) => {
        if (!errorMessage(error).includes('BUSYGROUP')) throw error;
      });
    }
  }

  private async runReadLoop(): Promise<void> {
    const keys = this.streams.map((stream) => stream.key);
    while (this.state === 'running') {
      await this.waitForSlot();
      if (this.state !== 'running') break;
      // COUNT applies per stream: share the free slots so one read cannot overshoot `concurrency`.
      const count = Math.max(1, Math.floor((this.settings.concurrency - this.inFlightCount) / keys.length));
      let reply: unknown;
      try {
        reply = await this.reader!.call(
          'XREADGROUP', 'GROUP', this.service, this.consumerName, 'COUNT', count, 'BLOCK', this.settings.blockMs,
          'STREAMS', ...keys, ...keys.map(() => '>'),
        );
      } catch (error) {
        if (this.state !== 'running') break;
        // A stream deleted under us (FLUSHDB, a test cleaning up) loses its group: make it again.
        if (errorMessage(error).includes('NOGROUP')) await this.ensureGroups().catch(() => undefined);
        else await sleep(500);
        continue;
      }
      for (const [key, entries] of (reply ?? []) as Array<[string, StreamEntry[]]>) {
        for (const [entryId, fields] of entries) this.dispatch(key, entryId, fields);
      }
    }
  }

  private dispatch(key: string, entryId: string, fields: string[] | null): void {
    let entries = this.inFlight.get(key);
    if (!entries) this.inFlight.set(key, (entries = new Map()));
    if (entries.has(entryId)) return; // our own entry, seen again through XAUTOCLAIM
    entries.set(entryId, Date.now());
    this.inFlightCount++;
    this.metrics.inFlight.inc({ service: this.service });
    void this.process(key, entryId, fields)
      .catch((error: unknown) => this.logger.error(`Processing ${key} ${entryId} failed: ${errorMessage(error)}`))
      .finally(() => {
        entries.delete(entryId);
        this.inFlightCount--;
        this.metrics.inFlight.dec({ service: this.service });
        this.slotWaiters.shift()?.();
        if (this.inFlightCount === 0) for (const wake of this.drainWaiters.splice(0)) wake();
      });
  }

  private async process(key: string, entryId: string, fields: string[] | null): Promise<void> {
    const kind = this.streams.find((stream) => stream.key === key)?.kind ?? 'rpc';
    const counter = kind === 'rpc' ? this.metrics.requests : this.metrics.events;
    if (fields === null) return this.ack(key, entryId, kind); // trimmed away while pending
    let envelope: TransportEnvelope;
    try {
      envelope = decodeEnvelope(fields);
    } catch (error) {
      this.logger.warn(`Dropping malformed message ${key} ${entryId}: ${errorMessage(error)}`);
      counter.inc({ service: this.service, pattern: 'malformed', outcome: 'rejected' });
      return this.ack(key, entryId, kind);
    }
    const handler = this.getHandlerByPattern(envelope.pattern);
    // Unknown patterns are caller-controlled: one label for all of them keeps the label set bounded.
    const count = (outcome: ServerOutcome) =>
      counter.inc({ service: this.service, pattern: handler ? envelope.pattern : 'unmatched', outcome });
    if (kind === 'event') return this.processEvent(key, entryId, envelope, handler, count);

    if (isExpired(envelope)) {
      count('expired');
      return this.ack(key, entryId, kind);
    }
    const replyTo = envelope.replyTo;
    if (!replyTo || !replyTo.startsWith(replyKeyPrefix(this.settings.keyPrefix))) {
      // A reply key outside our prefix would let a message write anywhere in Redis.
      this.logger.warn(`Dropping request ${envelope.id} with reply key "${String(replyTo)}"`);
      count('rejected');
      return this.ack(key, entryId, kind);
    }
    if (!handler || handler.isEventHandler) {
      count('rejected');
      return this.replyAndAck(key, entryId, replyTo, { id: envelope.id, status: 'internal', reason: 'no_handler' });
    }
    let reply: ReplyEnvelope;
    try {
      const response = await this.runHandler(handler, envelope, key, entryId);
      reply = { id: envelope.id, status: 'ok', response };
      count('ok');
    } catch (error) {
      reply = errorReply(envelope.id, error);
      if (reply.status === 'internal') this.logger.error(`Handler for ${envelope.pattern} failed: ${errorMessage(error)}`);
      count('error');
    }
    await this.replyAndAck(key, entryId, replyTo, reply);
  }

  private async processEvent(
    key: string,
    entryId: string,
    envelope: TransportEnvelope,
    handler: MessageHandler | null,
    count: (outcome: ServerOutcome) => void,
  ): Promise<void> {
    if (!handler) {
      count('rejected');
      return this.ack(key, entryId, 'event');
    }
    try {
      await this.runHandler(handler, envelope, key, entryId);
      count('ok');
    } catch (error) {
      // Acked anyway: redelivering a handler's own failure would loop forever on a poison event.
      this.logger.error(`Event handler for ${envelope.pattern} failed: ${errorMessage(error)}`);
      count('error');
    }
    await this.ack(key, entryId, 'event');
  }

  /** Runs the handler between Nest's processing hooks; the last value it emits is the result. */
  private runHandler(handler: MessageHandler, envelope: TransportEnvelope, key: string, entryId: string): Promise<unknown> {
    const context = new RedisStreamsContext([envelope.pattern, envelope.headers, envelope.id, key, entryId, envelope.deadline]);
    return new Promise((resolve, reject) => {
      this.runWithProcessingHooks(context, async (runEndHook) => {
        try {
          const result$ = this.transformToObservable(await handler(envelope.data, context)) as Observable<unknown>;
          resolve(await lastValueFrom(result$, { defaultValue: undefined }));
        } catch (error) {
          reject(error);
        } finally {
          runEndHook();
        }
      });
    });
  }

  /** Reply and ack in one MULTI: a crash cannot leave a sent reply whose request is claimed and run again. */
  private async replyAndAck(key: string, entryId: string, replyTo: string, reply: ReplyEnvelope): Promise<void> {
    let payload: string;
    try {
      payload = encodeReply(reply);
    } catch {
      payload = encodeReply({ id: reply.id, status: 'internal', reason: 'unserializable_response' });
    }
    await this.commands!.multi()
      .rpush(replyTo, payload)
      .pexpire(replyTo, this.settings.replyTtlMs)
      .xack(key, this.service, entryId)
      .xdel(key, entryId)
      .exec();
  }

  private async ack(key: string, entryId: string, kind: StreamBinding['kind']): Promise<void> {
    // An event entry is shared by every subscribing service's group: only MAXLEN may remove it.
    if (kind === 'event') await this.commands!.xack(key, this.service, entryId);
    else await this.commands!.multi().xack(key, this.service, entryId).xdel(key, entryId).exec();
  }

  private waitForSlot(): Promise<void> {
    if (this.inFlightCount < this.settings.concurrency || this.state !== 'running') return Promise.resolve();
    return new Promise((resolve) => this.slotWaiters.push(resolve));
  }

  private wakeSlotWaiters(): void {
    for (const wake of this.slotWaiters.splice(0)) wake();
  }

  private waitForDrain(timeoutMs: number): Promise<boolean> {
    if (this.inFlightCount === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.drainWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private async maintain(): Promise<void> {
    try {
      await this.heartbeat();
      await this.refreshInFlight();
      if (this.state !== 'running') return;
      await this.claimIdle();
      if (Date.now() - this.lastHousekeeping >= this.settings.housekeepingIntervalMs) {
        this.lastHousekeeping = Date.now();
        await this.removeDeadConsumers();
      }
    } catch (error) {
      this.logger.warn(`Transport maintenance failed: ${errorMessage(error)}`);
    }
  }

  /**
   * Marks our consumers as alive. Before Redis 7.2 an XREADGROUP `>` that finds nothing leaves the
   * consumer's idle time alone (and creates no consumer), so an idle replica would look dead; a read
   * of our own pending history counts as activity on every version. It returns at most one entry we
   * already hold (bumping its delivery count), which is ignored.
   */
  private async heartbeat(): Promise<void> {
    const keys = this.streams.map((stream) => stream.key);
    await this.commands!.call('XREADGROUP', 'GROUP', this.service, this.consumerName, 'COUNT', 1, 'STREAMS', ...keys, ...keys.map(() => '0'));
  }

  /**
   * Re-claims our own long-running entries (XCLAIM 0 JUSTID): resets their idle time so no other
   * replica takes over a handler that is alive, and keeps our consumer fresh while every slot is busy.
   */
  private async refreshInFlight(): Promise<void> {
    const threshold = Date.now() - this.settings.claimIdleMs / 4;
    for (const [key, entries] of this.inFlight) {
      const stale = [...entries].filter(([, takenAt]) => takenAt <= threshold).map(([entryId]) => entryId);
      if (stale.length === 0) continue;
      await this.commands!.call('XCLAIM', key, this.service, this.consumerName, 0, ...stale, 'JUSTID');
      const now = Date.now();
      for (const entryId of stale) if (entries.has(entryId)) entries.set(entryId, now);
    }
  }

  /** Takes over entries another consumer left pending longer than claimIdleMs (it died or hung). */
  private async claimIdle(): Promise<void> {
    for (const { key } of this.streams) {
      let cursor = '0-0';
      // A bounded number of rounds per tick: a huge pending list is worked through over several ticks.
      for (let round = 0; round < 10; round++) {
        const free = this.settings.concurrency - this.inFlightCount;
        if (free <= 0 || this.state !== 'running') return;
        const [next, entries] = (await this.commands!.xautoclaim(
          key, this.service, this.consumerName, this.settings.claimIdleMs, cursor, 'COUNT', free,
        )) as [string, StreamEntry[]];
        for (const [entryId, fields] of entries) {
          this.metrics.claimed.inc({ service: this.service });
          this.dispatch(key, entryId, fields);
        }
        cursor = next;
        if (cursor === '0-0') break;
      }
    }
  }

  /** Deletes consumers long silent with nothing pending, so dead replicas leave discovery. */
  private async removeDeadConsumers(): Promise<void> {
    for (const { key } of this.streams) {
      for (const consumer of await readConsumers(this.commands!, key, this.service)) {
        if (consumer.name === this.consumerName || consumer.pending > 0) continue;
        if (consumer.idleMs < this.settings.consumerExpiryMs) continue;
        await this.commands!.xgroup('DELCONSUMER', key, this.service, consumer.name);
      }
    }
  }

  private async removeOwnConsumer(): Promise<void> {
    for (const { key } of this.streams) {
      const own = (await readConsumers(this.commands!, key, this.service)).find((c) => c.name === this.consumerName);
      // Deleting a consumer drops its pending entries for good: only an empty one goes.
      if (own && own.pending === 0) await this.commands!.xgroup('DELCONSUMER', key, this.service, this.consumerName);
    }
  }
}

function resolveServerSettings(options: RedisStreamsServerOptions) {
  if (!options.service || options.service.includes('.')) throw new Error(`service must be a name without dots, got "${options.service}"`);
  const claimIdleMs = positiveInt('claimIdleMs', options.claimIdleMs, TRANSPORT_DEFAULTS.claimIdleMs);
  return {
    ...commonSettings(options),
    url: options.url,
    keyPrefix: options.keyPrefix,
    claimIdleMs,
    concurrency: positiveInt('concurrency', options.concurrency, TRANSPORT_DEFAULTS.concurrency),
    shutdownTimeoutMs: positiveInt('shutdownTimeoutMs', options.shutdownTimeoutMs, TRANSPORT_DEFAULTS.shutdownTimeoutMs),
    replyTtlMs: positiveInt('replyTtlMs', options.replyTtlMs, TRANSPORT_DEFAULTS.replyTtlMs),
    consumerExpiryMs: positiveInt('consumerExpiryMs', options.consumerExpiryMs, TRANSPORT_DEFAULTS.consumerExpiryMs),
    housekeepingIntervalMs: positiveInt('housekeepingIntervalMs', options.housekeepingIntervalMs, TRANSPORT_DEFAULTS.housekeepingIntervalMs),
    // In-flight entries then never look idle for more than about claimIdleMs / 2, and the heartbeat
    // (same tick) stays within 2 s, well inside discovery's default 5 s.
    maintenanceIntervalMs: Math.min(2_000, Math.max(50, Math.floor(claimIdleMs / 4))),
  };
}
