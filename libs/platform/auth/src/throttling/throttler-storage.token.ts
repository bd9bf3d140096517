/**
 * DI token of the ThrottlerStorage driver. Not @nestjs/throttler's own token: that package is
 * CommonJS requiring the ESM-only @nestjs/common, which Jest on Node 20 cannot load, so only its
 * types are used (see README, "Users and auth").
 */
export const THROTTLER_STORAGE = Symbol('surge:throttler-storage');
