import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@surge/platform/config';
import { DataSourceRegistry } from '@surge/platform/database';
import { BucketMap, bucketOfUser } from '../domain/bucket-map.js';
import { parseOrderId } from '../domain/order-id.js';

export interface Shard {
  name: string;
  db: DataSource;
}

/** Routes users and order ids to the shard DataSource that holds them (orders_0..N-1). */
@Injectable()
export class OrderShards {
  private readonly shards: Shard[];
  private readonly map: BucketMap;

  constructor(config: AppConfig, registry: DataSourceRegistry) {
    this.shards = config.orderShards.map(({ name }) => ({ name, db: registry.get(name) }));
    this.map = BucketMap.even(this.shards.length);
  }

  all(): readonly Shard[] {
    return this.shards;
  }

  ofBucket(bucket: number): Shard {
    return this.shards[this.map.shardOf(bucket)]!;
  }

  ofUser(userId: string): Shard & { bucket: number } {
    const bucket = bucketOfUser(userId);
    return { ...this.ofBucket(bucket), bucket };
  }

  /** The shard an order id points at; undefined for an id that is not well-formed. */
  ofOrder(orderId: string): Shard | undefined {
    const parsed = parseOrderId(orderId);
    return parsed && this.ofBucket(parsed.bucket);
  }

  byName(name: string): Shard {
    const shard = this.shards.find((s) => s.name === name);
    if (!shard) throw new Error(`No order shard named ${name}`);
    return shard;
  }
}
