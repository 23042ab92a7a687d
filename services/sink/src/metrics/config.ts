import { RedisConnectionConfig } from '@daytwo/core';
import { z } from 'zod';
import { REMOTE_WRITE_HEADERS } from './remote-write-encoder';

const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const positiveInt = () => z.number().int().positive();
const secret = () => z.string().min(1).meta({ secret: true });

/** Basic auth (`username` + `password`) or a bearer token. Give secrets as `${file:...}` or `${env:...}` references. */
export const RemoteWriteAuthConfig = z
  .object({
    username: z.string().min(1).optional(),
    password: secret().optional(),
    bearerToken: secret().optional(),
  })
  .strict()
  .superRefine((auth, ctx) => {
    const basic = auth.username !== undefined || auth.password !== undefined;
    if (basic && auth.bearerToken !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['bearerToken'], message: 'use either username/password or bearerToken' });
    } else if (basic && (auth.username === undefined || auth.password === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [auth.username === undefined ? 'username' : 'password'],
        message: 'username and password must be given together',
      });
    } else if (!basic && auth.bearerToken === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give username/password or bearerToken (or leave auth out)' });
    }
  });
export type RemoteWriteAuthConfig = z.output<typeof RemoteWriteAuthConfig>;

export const RemoteWriteTlsConfig = z
  .object({
    /** PEM file of the CA that signed the endpoint's certificate. */
    caFile: z.string().min(1).optional(),
    /** Client certificate and key for mutual TLS. */
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /** Accept any server certificate (tests only). */
    insecureSkipVerify: z.boolean().default(false),
    serverName: z.string().min(1).optional(),
  })
  .strict()
  .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), {
    message: 'certFile and keyFile must be given together',
    path: ['keyFile'],
  });
export type RemoteWriteTlsConfig = z.output<typeof RemoteWriteTlsConfig>;

const RESERVED_HEADERS = new Set(
  [...Object.keys(REMOTE_WRITE_HEADERS), 'Content-Length', 'Host'].map((h) => h.toLowerCase()),
);

const Headers = z
  .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'is not an HTTP header name'), z.string())
  .default({})
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is set by the sink and cannot be overridden' });
      }
    }
  });

/** The `remoteWrite` section: where the metrics pipeline writes, and how it batches, shards and retries. */
export const RemoteWriteConfig = z
  .object({
    /** The remote-write endpoint, e.g. http://prometheus:9090/api/v1/write. */
    url: HttpUrl,
    /**
     * The Prometheus instant query endpoint of the same storage, e.g. http://prometheus:9090/api/v1/query. After a
     * crash it tells which in-flight samples were stored; without it those are sent again (see metrics/README.md).
     */
    queryUrl: HttpUrl.optional(),
    /** Used for the query endpoint too, as are `tls` and `headers`. */
    auth: RemoteWriteAuthConfig.optional(),
    tls: RemoteWriteTlsConfig.optional(),
    /** Extra request headers (e.g. X-Scope-OrgID); the remote-write protocol headers are fixed. */
    headers: Headers,
    requestTimeoutMs: positiveInt().default(30_000),
    /** Requests in parallel; a series always goes through the same shard, one request after another. */
    shards: positiveInt().max(256).default(4),
    batch: z
      .object({
        /** Samples per request. */
        maxSamples: positiveInt().default(2_000),
        /** A request that is not full waits this long for more samples. */
        maxDelayMs: z.number().int().min(0).default(50),
      })
      .strict()
      .prefault({}),
    retry: z
      .object({
        initialMs: positiveInt().default(100),
        maxMs: positiveInt().default(30_000),
        /** A Retry-After longer than this is cut to it. */
        maxRetryAfterMs: positiveInt().default(300_000),
      })
      .strict()
      .refine((r) => r.initialMs <= r.maxMs, { message: 'initialMs must not exceed maxMs', path: ['initialMs'] })
      .prefault({}),
  })
  .strict()
  .refine((c) => c.auth === undefined || !Object.keys(c.headers).some((h) => h.toLowerCase() === 'authorization'), {
    message: 'an Authorization header conflicts with auth',
    path: ['headers'],
  });
export type RemoteWriteConfig = z.output<typeof RemoteWriteConfig>;
export type RemoteWriteConfigInput = z.input<typeof RemoteWriteConfig>;

/** The `state.redis` section: the connection (TLS files included) and the sink's own key prefix and timeouts. */
export const SinkRedisConfig = RedisConnectionConfig.extend({
  /** Every key of the sink starts with this. */
  keyPrefix: z.string().default('daytwo:sink:'),
  connectTimeoutMs: positiveInt().default(5_000),
  commandTimeoutMs: positiveInt().default(5_000),
});
export type SinkRedisConfig = z.output<typeof SinkRedisConfig>;

/** The `state` section: durable per-series watermarks and in-flight intents of the metrics pipeline. */
export const SinkStateConfig = z
  .object({
    redis: SinkRedisConfig,
    /** A series' watermark is forgotten this long after its last write (bounds Redis). */
    seriesTtlSeconds: positiveInt().default(86_400),
    /** Series whose watermark is kept in memory (LRU); others are read from Redis again. */
    maxSeriesInMemory: positiveInt().default(200_000),
  })
  .strict();
export type SinkStateConfig = z.output<typeof SinkStateConfig>;
