import { deliveryQueueName, type DeliveryQueueOptions } from '@daytwo/alerter';
import IORedis from 'ioredis';
import type { CliConfig } from '../config';
import { causeText, UnreachableError } from '../errors';

const QUEUE_PREFIX = deliveryQueueName('');

/**
 * The alerter's destinations: the configured ones, else every delivery queue found in Redis under the alerter's
 * prefix (BullMQ keeps a `<prefix>:<queue>:meta` hash per queue).
 */
export async function deliveryQueueOptions(config: CliConfig): Promise<DeliveryQueueOptions> {
  const { redis, destinations } = config.alerter;
  if (destinations.length > 0) return { redis, destinations };
  const client = new IORedis(redis.url, {
    password: redis.password,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    connectTimeout: 3_000,
  });
  client.on('error', () => undefined); // the failing command reports it
  const found = new Set<string>();
  try {
    await client.connect();
    let cursor = '0';
    const pattern = `${redis.prefix}:${QUEUE_PREFIX}*:meta`;
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      for (const key of keys) found.add(key.slice(redis.prefix.length + 1 + QUEUE_PREFIX.length, -':meta'.length));
      cursor = next;
    } while (cursor !== '0');
  } catch (err) {
    throw new UnreachableError(`cannot reach Redis at ${redis.url}: ${causeText(err)}`);
  } finally {
    client.disconnect();
  }
  return { redis, destinations: [...found].sort() };
}
