import type { DatabaseSchema } from '@surge/platform/database';
import { CreateOrders1764300000000 } from './migrations/1764300000000-create-orders.js';

/** What the orders lib contributes to every order shard. Plain SQL throughout: no entities. */
export const ORDERS_SCHEMA: DatabaseSchema = {
  entities: [],
  migrations: [CreateOrders1764300000000],
};
