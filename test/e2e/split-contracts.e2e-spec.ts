import { describeCatalogContract } from '../support/catalog.contract.js';
import { describeOrdersContract } from '../support/orders.contract.js';
import { createSplitTestApp } from '../support/test-app.js';
import { describeUsersContract } from '../support/users.contract.js';
import { realEnv } from './env.js';

// The same HTTP contract suites as the monolith's, through the gateway: every use case and port
// crosses Redis Streams to the catalog, orders and users services (one replica each, in-process).
describeUsersContract('split topology', () => realEnv('split-users'), createSplitTestApp);
describeCatalogContract('split topology', () => realEnv('split-catalog'), createSplitTestApp);
describeOrdersContract('split topology', () => realEnv('split-orders'), createSplitTestApp);
