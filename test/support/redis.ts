import IORedis from 'ioredis';
import { testEnv } from './env';

/**
 * An ioredis client for the test Redis. `maxRetriesPerRequest: null` because BullMQ Workers block on Redis and
 * require it; the caller closes the client with `quit()`.
 */
export function redisClient(url: string = testEnv.redisUrl): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null });
}
