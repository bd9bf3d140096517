/**
 * Rejects when `promise` has not settled within `ms`. While Redis is unreachable a command can wait
 * on a dead socket, and an enqueue can wait for a reconnect: callers bound those waits with this.
 */
export function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
