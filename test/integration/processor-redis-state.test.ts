import { RedisStateBackend, RedisStateConfig } from '@daytwo/processor';
import { ProcessorRetryableError } from '@daytwo/processor-api';
import { testEnv } from '../support/env';
import { redisClient } from '../support/redis';
import { uniqueName } from '../support/unique';

describe('processor state on the real Redis', () => {
  const keyPrefix = `${uniqueName('it_state')}:`;
  const redis = redisClient();
  const backends: RedisStateBackend[] = [];
  // Short timeouts: ioredis keeps a failed call's timers until they fire, which would hold jest open.
  const backend = (url = testEnv.redisUrl) => {
    const timeouts = { connectTimeoutMs: 300, commandTimeoutMs: 300 };
    const b = new RedisStateBackend(RedisStateConfig.parse({ url, keyPrefix, ...timeouts }));
    backends.push(b);
    return b;
  };

  afterAll(async () => {
    await Promise.all(backends.map((b) => b.close()));
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('keeps state across instances (restarts, replicas), namespaced per pipeline and processor', async () => {
    const first = backend();
    await first.store('logs', 'templates').set('snapshot', 'v1');
    await first.store('logs', 'other').set('snapshot', 'not-mine');
    await first.store('metrics', 'templates').set('snapshot', 'metrics-side');

    const second = backend();
    expect(await second.store('logs', 'templates').get('snapshot')).toBe('v1');
    expect(await second.store('logs', 'templates').get('missing')).toBeUndefined();
    expect(await second.store('metrics', 'templates').get('snapshot')).toBe('metrics-side');
    expect(await redis.get(`${keyPrefix}logs:other:snapshot`)).toBe('not-mine');
    expect((await redis.keys(`${keyPrefix}*`)).sort()).toEqual([
      `${keyPrefix}logs:other:snapshot`,
      `${keyPrefix}logs:templates:snapshot`,
      `${keyPrefix}metrics:templates:snapshot`,
    ]);
  });

  it('fails calls with a retryable error while Redis is unreachable', async () => {
    const unreachable = backend('redis://127.0.0.1:1');
    const store = unreachable.store('logs', 'p');
    await expect(store.get('k')).rejects.toBeInstanceOf(ProcessorRetryableError);
    await expect(store.set('k', 'v')).rejects.toThrow(/state store set failed/);
  });
});
