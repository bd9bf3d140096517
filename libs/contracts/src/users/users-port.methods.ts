import type { UsersPort } from './users.port.js';

/** UsersPort's methods for a remote binding; `idempotent`: a retry cannot do harm (reads). */
export const USERS_PORT_METHODS = [{ name: 'getUser', idempotent: true }] as const satisfies readonly {
  name: keyof UsersPort;
  idempotent: boolean;
}[];

// Does not compile while UsersPort has a method this list does not name.
type EveryMethodListed<Unlisted extends never> = Unlisted;
type AllListed = EveryMethodListed<Exclude<keyof UsersPort, (typeof USERS_PORT_METHODS)[number]['name']>>;
