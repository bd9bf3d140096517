import { describe, expect, it } from '@jest/globals';
import { BucketMap, bucketOfUser } from './bucket-map.js';
import { BUCKET_COUNT, compareIdsDesc, newOrderId, parseOrderId } from './order-id.js';

describe('order ids', () => {
  it('carry their bucket and creation time, beyond 2^53, as decimal strings', () => {
    const now = Date.UTC(2026, 10, 29, 12, 0, 0, 123);
    for (const bucket of [0, 1, 511, BUCKET_COUNT - 1]) {
      const id = newOrderId(bucket, now);
      expect(id).toMatch(/^[1-9]\d+$/);
      expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(parseOrderId(id)).toEqual({ id, bucket, createdAt: new Date(now) });
    }
    expect(() => newOrderId(BUCKET_COUNT)).toThrow(RangeError);
  });

  it('sort newest first by id, and successive ids differ', () => {
    const older = newOrderId(7, 1_800_000_000_000);
    const newer = newOrderId(3, 1_800_000_000_001);
    expect([older, newer].sort(compareIdsDesc)).toEqual([newer, older]);
    const burst = new Set(Array.from({ length: 4000 }, () => newOrderId(5, 1_800_000_000_000)));
    expect(burst.size).toBe(4000);
  });

  it('refuse anything a client could send that is not an id', () => {
    for (const raw of ['', 'abc', '0', '-5', '01', '1.5', '9'.repeat(20), '9223372036854775808', ' 12']) expect(parseOrderId(raw)).toBeUndefined();
    expect(parseOrderId('9223372036854775807')).toBeDefined();
  });
});

describe('buckets and shards', () => {
  it('a user always lands in the same bucket; users spread over every bucket range', () => {
    const id = '0b3c5a2e-8f0d-4f5e-9a5e-1c2d3e4f5a6b';
    expect(bucketOfUser(id)).toBe(bucketOfUser(id.toUpperCase()));
    const map = BucketMap.even(4);
    const perShard = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) perShard[map.shardOf(bucketOfUser(`${i}-${id}`))]!++;
    for (const n of perShard) expect(n).toBeGreaterThan(800);
  });

  it('an even map gives each shard one contiguous range; adding a shard only moves whole buckets', () => {
    const two = BucketMap.even(2);
    expect([two.shardOf(0), two.shardOf(511), two.shardOf(512), two.shardOf(1023)]).toEqual([0, 0, 1, 1]);
    const three = BucketMap.even(3);
    const moved = Array.from({ length: BUCKET_COUNT }, (_, b) => b).filter((b) => two.shardOf(b) !== three.shardOf(b));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(BUCKET_COUNT);
    expect(() => BucketMap.even(0)).toThrow(RangeError);
  });
});
