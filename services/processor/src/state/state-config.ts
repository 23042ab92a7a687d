import { RedisConnectionConfig } from '@daytwo/core';
import { z } from 'zod';

export const RedisStateConfig = RedisConnectionConfig.extend({
  /** Every key is `<keyPrefix><pipeline>:<processor name>:<key>`. */
  keyPrefix: z.string().default('daytwo:processor:'),
  connectTimeoutMs: z.number().int().positive().default(5_000),
  /** A state call slower than this fails the batch, which is retried after a backoff. */
  commandTimeoutMs: z.number().int().positive().default(5_000),
});
export type RedisStateConfig = z.output<typeof RedisStateConfig>;

/** Without `redis` the state lives in memory: lost on restart and not shared between replicas (development only). */
export const StateConfig = z.object({ redis: RedisStateConfig.optional() }).strict().prefault({});
export type StateConfig = z.output<typeof StateConfig>;
