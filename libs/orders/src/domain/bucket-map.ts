import { BUCKET_COUNT } from './order-id.js';

/** FNV-1a (32 bit): stable across processes and versions, unlike any runtime hash. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The virtual bucket of a user: fixed forever, whatever the number of shards. */
export function bucketOfUser(userId: string): number {
  return fnv1a(userId.toLowerCase()) % BUCKET_COUNT;
}

/**
 * Which shard holds each bucket. Adding a shard means assigning it some buckets and copying those
 * buckets' rows: no user's bucket changes, so no other row moves.
 */
export class BucketMap {
  private constructor(private readonly shardOfBucket: readonly number[]) {}

  /** Contiguous, equal ranges of buckets per shard. */
  static even(shards: number): BucketMap {
    if (!Number.isInteger(shards) || shards < 1 || shards > BUCKET_COUNT) throw new RangeError(`cannot spread buckets over ${shards} shards`);
    return new BucketMap(Array.from({ length: BUCKET_COUNT }, (_, bucket) => Math.floor((bucket * shards) / BUCKET_COUNT)));
  }

  shardOf(bucket: number): number {
    const shard = this.shardOfBucket[bucket];
    if (shard === undefined) throw new RangeError(`bucket ${bucket} out of range`);
    return shard;
  }
}
