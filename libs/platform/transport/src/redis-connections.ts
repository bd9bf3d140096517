import { Redis } from 'ioredis';

/**
 * One ioredis connection. Blocking readers get `maxRetriesPerRequest: null` so a reconnect never
 * fails their endless reads; 'error' events are swallowed because ioredis reconnects by itself.
 */
export function openConnection(url: string, name: string, options: { blocking: boolean; retryCommands?: boolean }): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.blocking || options.retryCommands ? null : 1,
    connectionName: name,
  });
  redis.on('error', () => undefined);
  return redis;
}

/** quit() lets queued replies arrive; disconnect() then also stops a connection still reconnecting. */
export async function closeConnection(redis: Redis | undefined, graceful = true): Promise<void> {
  if (!redis) return;
  if (graceful && redis.status === 'ready') {
    await Promise.race([redis.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }
  redis.disconnect();
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
