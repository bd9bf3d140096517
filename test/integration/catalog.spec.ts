import { describeCatalogContract } from '../support/catalog.contract.js';

// Embedded defaults: PGlite catalog database, in-process cache.
describeCatalogContract('embedded', () => ({ DATA_DIR: 'memory', REDIS_URL: undefined }));
