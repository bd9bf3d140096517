import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** The stream a service's replicas compete on; its consumer group is named after the service. */
export function requestStreamKey(keyPrefix: string, service: string): string {
  return `${keyPrefix}:rpc:${service}`;
}

/** One stream per event pattern; every subscribing service reads it through its own group. */
export function eventStreamKey(keyPrefix: string, pattern: string): string {
  return `${keyPrefix}:events:${pattern}`;
}

export function replyKeyPrefix(keyPrefix: string): string {
  return `${keyPrefix}:reply:`;
}

/** The list only this client instance reads its replies from. */
export function replyKey(keyPrefix: string, clientId: string): string {
  return `${replyKeyPrefix(keyPrefix)}${clientId}`;
}

/** `catalog.reserveStock` goes to the `catalog` service: the part before the first dot. */
export function serviceOfPattern(pattern: string): string {
  const dot = pattern.indexOf('.');
  if (dot <= 0) throw new Error(`Pattern "${pattern}" names no service: use "<service>.<operation>"`);
  return pattern.slice(0, dot);
}

/** hostname-pid-random: unique per instance, and readable in XINFO CONSUMERS. */
export function uniqueInstanceName(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}
