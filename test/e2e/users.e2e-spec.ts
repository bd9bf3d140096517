import { describeUsersContract } from '../support/users.contract.js';
import { realEnv } from './env.js';

// Real PostgreSQL users database, rate-limit counters in Redis.
describeUsersContract('PostgreSQL + Redis', () => realEnv('users'));
