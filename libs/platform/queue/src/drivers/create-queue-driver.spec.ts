import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@surge/platform/config';
import { createQueueDriver, defaultQueueDriverName } from './create-queue-driver.js';

describe('createQueueDriver', () => {
  it('picks redis when REDIS_URL is set, embedded otherwise', async () => {
    const withRedis = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', KEY_PREFIX: 'unit' });
    expect(defaultQueueDriverName(withRedis)).toBe('redis');
    expect(defaultQueueDriverName(loadConfig({ DATA_DIR: 'memory' }))).toBe('embedded');
    expect((await createQueueDriver(withRedis)).name).toBe('redis'); // built, not started: no connection
  });

  it('refuses an unknown driver and redis without a URL', async () => {
    const config = loadConfig({ DATA_DIR: 'memory' });
    await expect(createQueueDriver(config, 'sqs')).rejects.toThrow('Unknown queue driver "sqs": expected one of redis, embedded');
    await expect(createQueueDriver(config, 'redis')).rejects.toThrow(/needs REDIS_URL/);
  });
});
