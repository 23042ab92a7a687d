import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';
import { TlsFilesConfig, tlsConnectionOptions } from './tls-files';

/**
 * Where a Redis server is and how to log in: the common part of every service's Redis section, which adds its own key
 * prefix and timeouts with `.extend`.
 */
export const RedisConnectionConfig = z
  .object({
    /** `redis://host:6379/0`, or `rediss://` for TLS. Credentials go in `username`/`password`, not in the URL. */
    url: z.string().regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL'),
    username: z.string().min(1).optional(),
    /** Use a `${file:...}` or `${env:...}` reference. */
    password: z.string().min(1).meta({ secret: true }).optional(),
    /** CA, client certificate; giving the section turns TLS on even for a `redis://` URL. */
    tls: TlsFilesConfig.optional(),
  })
  .strict();
export type RedisConnectionConfig = z.output<typeof RedisConnectionConfig>;

/** The ioredis options of a connection section (spread into the client's options). */
export interface RedisConnectionOptions {
  username?: string;
  password?: string;
  tls?: ConnectionOptions;
}

/** ioredis connection options; TLS files are read here, once. `key` names the section in errors (`state.redis`). */
export function redisConnectionOptions(config: RedisConnectionConfig, key: string): RedisConnectionOptions {
  const options: RedisConnectionOptions = {};
  if (config.username !== undefined) options.username = config.username;
  if (config.password !== undefined) options.password = config.password;
  // Without a tls section a rediss:// URL still turns TLS on (ioredis), verified by the system CAs.
  if (config.tls) options.tls = tlsConnectionOptions(config.tls, `${key}.tls`);
  return options;
}
