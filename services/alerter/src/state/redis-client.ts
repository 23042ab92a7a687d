import { redisConnectionOptions } from '@daytwo/core';
import IORedis, { type RedisOptions } from 'ioredis';
import type { RedisConfig } from '../config';

export interface RedisClientPurpose {
  connectionName: string;
  /** null for BullMQ (workers block and must wait out outages); a number makes commands fail during an outage. */
  maxRetriesPerRequest: number | null;
}

/** ioredis options for the configured server; TLS files are read here, once. */
export function redisOptions(config: RedisConfig, purpose: RedisClientPurpose): RedisOptions {
  return {
    ...redisConnectionOptions(config, 'redis'),
    connectionName: purpose.connectionName,
    maxRetriesPerRequest: purpose.maxRetriesPerRequest,
    // Reconnect forever, at most every 2 s: the alerter outlives Redis restarts.
    retryStrategy: (times) => Math.min(100 * times, 2_000),
  };
}

export function createRedisClient(
  config: RedisConfig,
  purpose: RedisClientPurpose,
  onError: (err: Error) => void,
): IORedis {
  const client = new IORedis(config.url, redisOptions(config, purpose));
  client.on('error', onError);
  return client;
}
