/** A job to enqueue once the transaction that asks for it commits (transactional outbox). */
export interface OutboxEntry {
  queue: string;
  name: string;
  payload: Record<string, unknown>;
  delayMs?: number;
}

/** An outbox row read back by the relay. */
export interface OutboxRecord extends Required<OutboxEntry> {
  id: string;
  orderId: string;
}

/** Told after a transaction wrote outbox entries for an order, so they are published without waiting for the next poll. */
export abstract class OutboxPublisher {
  abstract afterCommit(orderId: string): void;
}
