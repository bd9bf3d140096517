import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables of one order shard. Every shard has the same schema; a row lives on the shard of its
 * user's bucket. Follow-up tables (payments, invoices, shipments, events, notifications) are keyed
 * so that a retried job cannot write a second row.
 */
export class CreateOrders1764300000000 implements MigrationInterface {
  name = 'CreateOrders1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE orders (
      id bigint PRIMARY KEY,
      bucket smallint NOT NULL,
      user_id uuid NOT NULL,
      status text NOT NULL,
      items jsonb NOT NULL,
      total_amount bigint NOT NULL,
      currency text NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT orders_status_check CHECK (status IN ('pending', 'paid', 'fulfilled', 'shipped', 'delivered', 'cancelled')),
      CONSTRAINT orders_total_non_negative CHECK (total_amount >= 0)
    )`);
    await runner.query(`CREATE INDEX orders_user_idx ON orders (user_id, id DESC)`);
    await runner.query(`CREATE INDEX orders_status_idx ON orders (status, id DESC)`);

    // One row per (user, Idempotency-Key): the claim a request takes before it reserves stock.
    await runner.query(`CREATE TABLE order_requests (
      user_id uuid NOT NULL,
      idempotency_key text NOT NULL,
      fingerprint text NOT NULL,
      order_id bigint NOT NULL,
      state text NOT NULL DEFAULT 'pending',
      leased_until timestamptz(3) NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, idempotency_key),
      CONSTRAINT order_requests_order_key UNIQUE (order_id),
      CONSTRAINT order_requests_state_check CHECK (state IN ('pending', 'done'))
    )`);
    await runner.query(`CREATE INDEX order_requests_expired_idx ON order_requests (leased_until) WHERE state = 'pending'`);

    // Jobs to enqueue, written in the same transaction as the change that calls for them.
    await runner.query(`CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      order_id bigint NOT NULL,
      queue text NOT NULL,
      name text NOT NULL,
      payload jsonb NOT NULL,
      delay_ms integer NOT NULL DEFAULT 0,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);

    await runner.query(`CREATE TABLE payments (
      order_id bigint PRIMARY KEY REFERENCES orders (id),
      charge_id text NOT NULL,
      amount bigint NOT NULL,
      currency text NOT NULL,
      paid_at timestamptz(3) NOT NULL DEFAULT now(),
      refunded_at timestamptz(3) NULL
    )`);
    await runner.query(`CREATE TABLE invoices (
      order_id bigint PRIMARY KEY REFERENCES orders (id),
      number text NOT NULL UNIQUE,
      lines jsonb NOT NULL,
      total_amount bigint NOT NULL,
      currency text NOT NULL,
      issued_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE shipments (
      order_id bigint PRIMARY KEY REFERENCES orders (id),
      carrier text NOT NULL,
      tracking_number text NOT NULL UNIQUE,
      shipped_at timestamptz(3) NOT NULL DEFAULT now(),
      delivered_at timestamptz(3) NULL
    )`);
    await runner.query(`CREATE TABLE order_events (
      order_id bigint NOT NULL REFERENCES orders (id),
      status text NOT NULL,
      detail text NOT NULL,
      at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (order_id, status)
    )`);
    await runner.query(`CREATE TABLE notifications (
      order_id bigint NOT NULL REFERENCES orders (id),
      kind text NOT NULL,
      recipient uuid NOT NULL,
      body text NOT NULL,
      sent_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (order_id, kind)
    )`);

    // The cart when there is no Redis (dev mode), on the user's shard.
    await runner.query(`CREATE TABLE cart_items (
      user_id uuid NOT NULL,
      product_id integer NOT NULL,
      quantity integer NOT NULL,
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, product_id),
      CONSTRAINT cart_items_quantity_positive CHECK (quantity > 0)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['cart_items', 'notifications', 'order_events', 'shipments', 'invoices', 'payments', 'outbox', 'order_requests', 'orders']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
