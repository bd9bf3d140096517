import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { singleton } from '@surge/platform/observability';
import { JobQueue } from '@surge/platform/queue';
import { ReleaseReservation } from '../application/release-reservation.js';
import { OutboxPublisher } from '../ports/outbox.js';
import { bounded } from './bounded.js';
import { OrderShards, type Shard } from './order-shards.js';

const POLL_MS = 250;
const SWEEP_EVERY_MS = 5000;
const BATCH = 100;
/** An enqueue that has not answered by then counts as failed (Redis down): the rows stay for the next round. */
const ENQUEUE_TIMEOUT_MS = 2000;
/** Answered requests are remembered this long for Idempotency-Key replays. */
const KEEP_ANSWERED_KEYS = '7 days';

const published = singleton(
  'surge_outbox_published_total',
  () => new Counter({ name: 'surge_outbox_published_total', help: 'Outbox entries handed to the queue', labelNames: ['shard'] }),
);
const relayFailures = singleton(
  'surge_outbox_relay_failures_total',
  () => new Counter({ name: 'surge_outbox_relay_failures_total', help: 'Relay rounds that could not enqueue (queue backend unreachable)', labelNames: ['shard'] }),
);
const expiredClaims = singleton(
  'surge_order_claims_expired_total',
  () => new Counter({ name: 'surge_order_claims_expired_total', help: 'Order requests abandoned mid-way whose stock was given back' }),
);

/** Shards of the relays running in this process (several apps share one process in tests). */
const relayedShards = new Set<OrderShards>();

/**
 * Moves outbox rows into BullMQ. Every shard is polled; `kick` runs a round at once after a commit.
 * A row is deleted only after its job was accepted, under a job id derived from the row, so a
 * round repeated by another replica or after a crash adds nothing twice. While the queue backend is
 * down rows simply wait. The same loop gives back the stock of order requests abandoned mid-way.
 */
@Injectable()
export class OutboxRelay extends OutboxPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('OutboxRelay');
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private timer?: NodeJS.Timeout;
  private lastSweep = 0;
  private stopped = false;

  constructor(
    private readonly shards: OrderShards,
    private readonly jobs: JobQueue,
    private readonly release: ReleaseReservation,
  ) {
    super();
  }

  afterCommit(orderId: string): void {
    const shard = this.shards.ofOrder(orderId);
    if (shard) this.kick(shard.name);
  }

  onApplicationBootstrap(): void {
    singleton(
      'surge_outbox_pending',
      () =>
        new Gauge({
          name: 'surge_outbox_pending',
          help: 'Outbox entries not yet handed to the queue, per shard',
          labelNames: ['shard'],
          collect: async function (this: Gauge<'shard'>) {
            this.reset();
            for (const shard of [...relayedShards].flatMap((shards) => shards.all())) {
              const [row] = await bounded<{ n: number }[]>(shard.db.query(`SELECT count(*)::int AS n FROM outbox`), 1000).catch(() => []);
              if (row) this.set({ shard: shard.name }, row.n);
            }
          },
        }),
    );
    relayedShards.add(this.shards);
    this.timer = setInterval(() => this.tick(), POLL_MS);
    this.timer.unref();
  }

  /** Before any pool closes: stop polling and let the round in progress finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    relayedShards.delete(this.shards);
    await Promise.allSettled(this.running.values());
  }

  /** Publishes the shard's pending rows now (coalesced with a round already running). */
  kick(shardName: string): void {
    if (this.stopped) return;
    if (this.running.has(shardName)) {
      this.again.add(shardName);
      return;
    }
    const round = this.publish(this.shards.byName(shardName))
      .catch((error: Error) => {
        relayFailures.inc({ shard: shardName });
        this.log.warn(`Outbox ${shardName}: ${error.message}; retrying`);
      })
      .finally(() => {
        this.running.delete(shardName);
        if (this.again.delete(shardName)) this.kick(shardName);
      });
    this.running.set(shardName, round);
  }

  private tick(): void {
    for (const shard of this.shards.all()) this.kick(shard.name);
    if (Date.now() - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = Date.now();
      for (const shard of this.shards.all()) {
        this.sweep(shard).catch((error: Error) => this.log.warn(`Claim sweep ${shard.name}: ${error.message}`));
      }
    }
  }

  private async publish(shard: Shard): Promise<void> {
    for (;;) {
      const rows: { id: string; queue: string; name: string; payload: Record<string, unknown>; delay_ms: number }[] = await shard.db.query(
        `SELECT id::text AS id, queue, name, payload, delay_ms FROM outbox ORDER BY id LIMIT ${BATCH}`,
      );
      if (rows.length === 0) return;
      for (const row of rows) {
        await bounded(this.jobs.add(row.queue, row.name, row.payload, { jobId: `${shard.name}-outbox-${row.id}`, delay: row.delay_ms }), ENQUEUE_TIMEOUT_MS);
        await shard.db.query(`DELETE FROM outbox WHERE id = $1`, [row.id]);
        published.inc({ shard: shard.name });
      }
      if (rows.length < BATCH || this.stopped) return;
    }
  }

  /**
   * A request that claimed an Idempotency-Key and then died (crash, catalog outage after reserving)
   * leaves a pending claim past its lease. Its reservation is released while the claim row is
   * locked, so the original request, if it is somehow still running, can no longer write its order.
   */
  private async sweep(shard: Shard): Promise<void> {
    const stale: { user_id: string; idempotency_key: string; order_id: string }[] = await shard.db.query(
      `SELECT user_id, idempotency_key, order_id::text AS order_id FROM order_requests WHERE state = 'pending' AND leased_until < now() LIMIT 20`,
    );
    for (const claim of stale) {
      await shard.db.transaction(async (m) => {
        const locked: unknown[] = await m.query(
          `SELECT 1 FROM order_requests WHERE user_id = $1 AND idempotency_key = $2 AND state = 'pending' AND leased_until < now() FOR UPDATE SKIP LOCKED`,
          [claim.user_id, claim.idempotency_key],
        );
        if (locked.length === 0) return;
        await this.release.execute(claim.order_id);
        await m.query(`DELETE FROM order_requests WHERE user_id = $1 AND idempotency_key = $2`, [claim.user_id, claim.idempotency_key]);
        expiredClaims.inc();
      });
    }
    await shard.db.query(`DELETE FROM order_requests WHERE state = 'done' AND created_at < now() - interval '${KEEP_ANSWERED_KEYS}'`);
  }
}
