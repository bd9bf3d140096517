import { describePlatformContract } from '../support/platform.contract.js';
import { realEnv } from './env.js';

describePlatformContract('PostgreSQL + Redis', () => realEnv('platform'));
