import type { CatalogPort } from './catalog.port.js';

/**
 * CatalogPort's methods for a remote binding. `idempotent` means a retry cannot do harm: reads, and
 * writes keyed by a reservation id (the catalog applies each reservation id once).
 */
export const CATALOG_PORT_METHODS = [
  { name: 'getProducts', idempotent: true },
  { name: 'reserveStock', idempotent: true },
  { name: 'releaseStock', idempotent: true },
] as const satisfies readonly { name: keyof CatalogPort; idempotent: boolean }[];

// Does not compile while CatalogPort has a method this list does not name.
type EveryMethodListed<Unlisted extends never> = Unlisted;
type AllListed = EveryMethodListed<Exclude<keyof CatalogPort, (typeof CATALOG_PORT_METHODS)[number]['name']>>;
