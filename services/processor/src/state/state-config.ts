import { z } from 'zod';

/** PEM files for `rediss://`; without them the system CAs verify the server. Read once at start. */
export const RedisTlsConfig = z
  .object({
    /** CA that signed the server's certificate. */
    caFile: z.string().min(1).optional(),
    /** Client certificate and key for mutual TLS. */
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    rejectUnauthorized: z.boolean().default(true),
    servername: z.string().min(1).optional(),
  })
  .strict()
  .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), {
    message: 'certFile and keyFile must be given together',
    path: ['keyFile'],
  });
export type RedisTlsConfig = z.output<typeof RedisTlsConfig>;

export const RedisStateConfig = z
  .object({
    /** `redis://host:6379/0` or `rediss://` for TLS. Put credentials in `username`/`password`, not in the URL. */
    url: z.string().regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL'),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** TLS options; giving them turns TLS on even for a `redis://` URL. */
    tls: RedisTlsConfig.optional(),
    /** Every key is `<keyPrefix><pipeline>:<processor name>:<key>`. */
    keyPrefix: z.string().default('daytwo:processor:'),
    connectTimeoutMs: z.number().int().positive().default(5_000),
    /** A state call slower than this fails the batch, which is retried after a backoff. */
    commandTimeoutMs: z.number().int().positive().default(5_000),
  })
  .strict();
export type RedisStateConfig = z.output<typeof RedisStateConfig>;

/** Without `redis` the state lives in memory: lost on restart and not shared between replicas (development only). */
export const StateConfig = z.object({ redis: RedisStateConfig.optional() }).strict().prefault({});
export type StateConfig = z.output<typeof StateConfig>;
