import { describeCatalogContract } from '../support/catalog.contract.js';
import { realEnv } from './env.js';

// Real PostgreSQL catalog database, two-level cache with Redis.
describeCatalogContract('PostgreSQL + Redis', () => realEnv('catalog'));
