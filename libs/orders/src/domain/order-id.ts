/**
 * Order ids are 63-bit integers, sent as decimal strings:
 *   milliseconds since 2025-01-01 (41 bits) | bucket (10 bits) | sequence (12 bits).
 * Sorting by id is sorting by creation time, so every list pages by `id < cursor`, and the bucket
 * inside the id names the shard without a lookup.
 */
export const BUCKET_COUNT = 1024;
const EPOCH_MS = Date.UTC(2025, 0, 1);
const BUCKET_BITS = 10n;
const SEQUENCE_BITS = 12n;
const MAX_ID = (1n << 63n) - 1n;

let sequence = Math.floor(Math.random() * 4096);

export function newOrderId(bucket: number, now = Date.now()): string {
  if (!Number.isInteger(bucket) || bucket < 0 || bucket >= BUCKET_COUNT) throw new RangeError(`bucket ${bucket} out of range`);
  sequence = (sequence + 1) & 0xfff;
  const id = (BigInt(now - EPOCH_MS) << (BUCKET_BITS + SEQUENCE_BITS)) | (BigInt(bucket) << SEQUENCE_BITS) | BigInt(sequence);
  return id.toString();
}

/** Parses an id as sent by a client: undefined for anything that is not a well-formed order id. */
export function parseOrderId(raw: string): { id: string; bucket: number; createdAt: Date } | undefined {
  if (!/^[1-9]\d{0,18}$/.test(raw)) return undefined;
  const id = BigInt(raw);
  if (id > MAX_ID) return undefined;
  const bucket = Number((id >> SEQUENCE_BITS) & BigInt(BUCKET_COUNT - 1));
  const createdAt = new Date(Number(id >> (BUCKET_BITS + SEQUENCE_BITS)) + EPOCH_MS);
  return { id: raw, bucket, createdAt };
}

/** Newest first: a larger id is newer. */
export function compareIdsDesc(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x > y ? -1 : 1;
}
