import {
  ConsumerSettings,
  KafkaConnectionConfig,
  ProducerSettings,
  RedisConnectionConfig,
  TelemetryConfig,
  TlsFilesConfig,
  TopicPrefixConfig,
} from '@daytwo/core';
import { z } from 'zod';

const secret = () => z.string().min(1).meta({ secret: true });
const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

export const RedisConfig = RedisConnectionConfig.extend({
  url: RedisConnectionConfig.shape.url.default('redis://127.0.0.1:6379'),
  /** Root of every key: BullMQ queues live under `<prefix>:<queue>:*`, grouping state under `<prefix>:state:*`. */
  prefix: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'use [a-zA-Z0-9_-], at most 64 characters')
    .default('daytwo-alerter'),
}).prefault({});
export type RedisConfig = z.output<typeof RedisConfig>;

export const GroupingConfig = z
  .object({
    /** Events of one workload arriving within this many seconds of the first one become one alert. */
    windowSeconds: z.number().positive().max(86_400).default(60),
    /** An alerted incident without a new firing event for this long is resolved. */
    resolveTimeoutSeconds: z
      .number()
      .positive()
      .max(7 * 86_400)
      .default(900),
    /** How often due windows and timeouts are checked. */
    sweepIntervalMs: z.number().int().min(50).max(60_000).default(1_000),
    /** Log templates listed per alert. */
    maxTemplates: z.number().int().min(0).max(50).default(5),
  })
  .strict()
  .prefault({});
export type GroupingConfig = z.output<typeof GroupingConfig>;

export const LinksConfig = z
  .object({
    /** Kibana base URL (`https://kibana.example.com`, with the space path if any); no link without it. */
    kibanaUrl: HttpUrl.optional(),
    /** Prometheus base URL; no graph links without it. */
    prometheusUrl: HttpUrl.optional(),
  })
  .strict()
  .prefault({});
export type LinksConfig = z.output<typeof LinksConfig>;

export const DestinationConfig = z
  .object({
    /** Names the BullMQ queue and the metrics label. */
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'use [a-zA-Z0-9_-], at most 64 characters'),
    type: z.enum(['webhook', 'slack', 'alertmanager']),
    /** For alertmanager the base URL (`http://alertmanager:9093`); `/api/v2/alerts` is appended. */
    url: HttpUrl,
    /** Extra request headers. Values may hold tokens: they are treated as secrets. */
    headers: z.record(z.string().min(1), z.string()).meta({ secret: true }).default({}),
    /** Signs the body: `X-Daytwo-Signature: sha256=<hex HMAC-SHA256>`. Use a `${file:}`/`${env:}` reference. */
    hmacSecret: secret().optional(),
    auth: z
      .object({ username: z.string().min(1), password: secret() })
      .strict()
      .optional(),
    tls: TlsFilesConfig.optional(),
    timeoutMs: z.number().int().positive().max(300_000).default(10_000),
    /** At most `max` requests per `perSeconds` to this destination. */
    rateLimit: z
      .object({
        max: z.number().int().positive().default(10),
        perSeconds: z.number().positive().default(1),
      })
      .strict()
      .prefault({}),
    retry: z
      .object({
        /** Delivery attempts in all, the first included. */
        attempts: z.number().int().min(1).max(100).default(10),
        /** First retry delay; doubles per attempt up to `maxBackoffMs`, with jitter. */
        backoffMs: z.number().int().positive().default(1_000),
        maxBackoffMs: z.number().int().positive().default(300_000),
      })
      .strict()
      .refine((r) => r.backoffMs <= r.maxBackoffMs, { message: 'must not exceed maxBackoffMs', path: ['backoffMs'] })
      .prefault({}),
    /** Jobs of this destination processed at once. */
    concurrency: z.number().int().positive().max(100).default(1),
  })
  .strict();
export type DestinationConfig = z.output<typeof DestinationConfig>;
export type DestinationType = DestinationConfig['type'];

const AlerterConsumer = z
  .object({ ...ConsumerSettings.shape, groupId: z.string().min(1).default('daytwo-alerter') })
  .strict()
  .refine((s) => s.retryInitialMs <= s.retryMaxMs, {
    message: 'retryInitialMs must not exceed retryMaxMs',
    path: ['retryInitialMs'],
  })
  .prefault({});

export const AlerterConfig = z
  .object({
    kafka: KafkaConnectionConfig,
    topicPrefix: TopicPrefixConfig,
    consumer: AlerterConsumer,
    /** The producer of the Kafka dead-letter topic (anomaly events that fail validation). */
    producer: ProducerSettings.prefault({}),
    redis: RedisConfig,
    /** Cluster name shown in every alert and sent as the `cluster` label. */
    cluster: z.string().min(1),
    grouping: GroupingConfig,
    links: LinksConfig,
    destinations: z.array(DestinationConfig).min(1, 'configure at least one destination'),
    telemetry: TelemetryConfig,
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.destinations.forEach((d, i) => {
      if (seen.has(d.name)) {
        ctx.addIssue({ code: 'custom', path: ['destinations', i, 'name'], message: `duplicate name ${d.name}` });
      }
      seen.add(d.name);
    });
  });
export type AlerterConfig = z.output<typeof AlerterConfig>;
export type AlerterConfigInput = z.input<typeof AlerterConfig>;
