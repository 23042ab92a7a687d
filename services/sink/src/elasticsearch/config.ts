import { TlsFilesConfig } from '@daytwo/core';
import { z } from 'zod';

const NodeUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const secret = () => z.string().min(1).meta({ secret: true });

/** Basic auth (`username` + `password`) or an API key (the base64 `id:key` Kibana shows). Use `${file:}` for secrets. */
export const ElasticsearchAuthConfig = z
  .object({
    username: z.string().min(1).optional(),
    password: secret().optional(),
    apiKey: secret().optional(),
  })
  .strict()
  .superRefine((auth, ctx) => {
    const basic = auth.username !== undefined || auth.password !== undefined;
    if (basic && auth.apiKey !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'use either username/password or apiKey, not both' });
    } else if (basic && (auth.username === undefined || auth.password === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [auth.username === undefined ? 'username' : 'password'],
        message: 'username and password must be given together',
      });
    } else if (!basic && auth.apiKey === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give username/password or apiKey (or leave auth out)' });
    }
  });

const positiveInt = () => z.number().int().positive();

export const ElasticsearchIndexConfig = z
  .object({
    /**
     * Root of every name: `<prefix>-logs-*`, alias `<prefix>-logs`, `<prefix>-deadletter-logs`, `logs-<prefix>.*-*`;
     * `<prefix>-anomalies-*`, alias `<prefix>-anomalies`, `<prefix>-deadletter-anomalies`.
     */
    prefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._]{0,49}$/, 'lower case [a-z0-9._], starting with a letter or digit, at most 50')
      .default('daytwo'),
    /** `auto` uses data streams when the cluster manages them, else daily indices; the choice is logged. */
    mode: z.enum(['auto', 'data_stream', 'daily']).default('auto'),
    defaultDataset: z.string().min(1).default('container'),
    defaultNamespace: z.string().min(1).default('default'),
    messageType: z.enum(['text', 'match_only_text']).default('text'),
    templatePriority: z.number().int().min(0).default(200),
    shards: positiveInt().default(1),
    replicas: z.number().int().min(0).default(1),
    refreshInterval: z.string().min(1).optional(),
  })
  .strict();

export const ElasticsearchBulkConfig = z
  .object({
    maxDocs: positiveInt().default(1000),
    maxBytes: positiveInt().default(5 * 1024 * 1024),
    /** A partial batch waits this long for records of other partitions before it is sent. */
    flushIntervalMs: z.number().int().min(0).default(50),
    maxConcurrentRequests: positiveInt().default(2),
  })
  .strict();

export const ElasticsearchRetryConfig = z
  .object({
    initialMs: positiveInt().default(200),
    maxMs: positiveInt().default(30_000),
    /** Per consumed batch; past it the batch is left uncommitted and fetched again after the consumer's backoff. */
    maxElapsedMs: positiveInt().default(120_000),
  })
  .strict()
  .refine((r) => r.initialMs <= r.maxMs, { message: 'initialMs must not exceed maxMs', path: ['initialMs'] });

/** The `elasticsearch` section of the sink config: connection, index layout, batching and retries. */
export const ElasticsearchConfig = z
  .object({
    node: z.union([NodeUrl, z.array(NodeUrl).min(1)]),
    auth: ElasticsearchAuthConfig.optional(),
    /** PEM files of the cluster's CA and of a client certificate (mutual TLS). */
    tls: TlsFilesConfig.optional(),
    requestTimeoutMs: positiveInt().default(30_000),
    /** gzip request bodies: less network, more CPU. */
    compression: z.boolean().default(false),
    index: ElasticsearchIndexConfig.prefault({}),
    bulk: ElasticsearchBulkConfig.prefault({}),
    retry: ElasticsearchRetryConfig.prefault({}),
    /** Bytes of the failed record kept in a dead-letter entry. */
    deadLetterMaxRawBytes: positiveInt().default(256 * 1024),
    /** How long the readiness check waits for `GET /_cluster/health`. */
    healthCheckTimeoutMs: positiveInt().default(1500),
  })
  .strict();
export type ElasticsearchConfig = z.output<typeof ElasticsearchConfig>;
export type ElasticsearchConfigInput = z.input<typeof ElasticsearchConfig>;
