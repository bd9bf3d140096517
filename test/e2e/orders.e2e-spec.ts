import { describeOrdersContract } from '../support/orders.contract.js';
import { realEnv } from './env.js';

// Two real PostgreSQL shards, Redis for the cart, flash-sale counters and BullMQ.
describeOrdersContract('PostgreSQL + Redis', () => realEnv('orders'));
