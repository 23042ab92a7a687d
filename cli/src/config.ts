import { KafkaConnectionConfig, loadConfig } from '@daytwo/core';
import { z } from 'zod';
import { UsageError } from './errors';

export const STAGES = ['collector-logs', 'collector-metrics', 'processor', 'sink', 'alerter'] as const;
export type Stage = (typeof STAGES)[number];

/** The telemetry ports `npm start` gives the services (scripts/start.sh, demo). */
export const DEFAULT_SERVICE_URLS: Record<Stage, string> = {
  'collector-logs': 'http://127.0.0.1:9464',
  'collector-metrics': 'http://127.0.0.1:9465',
  processor: 'http://127.0.0.1:9466',
  sink: 'http://127.0.0.1:9467',
  alerter: 'http://127.0.0.1:9468',
};

const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/**
 * The CLI's config (`--config <file>` or DAYTWO_CLI_CONFIG; DAYTWO_CLI__A__B overrides a.b). Defaults: the local
 * stack, overridable by the variables the tests use (DAYTWO_KAFKA_BROKERS, DAYTWO_ES_URL, DAYTWO_REDIS_URL).
 */
export function cliConfigSchema(env: NodeJS.ProcessEnv = process.env) {
  const brokers = (env.DAYTWO_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  return z
    .object({
      kafka: KafkaConnectionConfig.prefault({ brokers, clientId: 'daytwo-cli' }),
      /** Topics are `<topicPrefix>.daytwo.logs.raw`...; empty for the plain names. */
      topicPrefix: z.string().default(''),
      /** Telemetry endpoint (`/metrics`) of each service. */
      services: z
        .object(
          Object.fromEntries(STAGES.map((s) => [s, HttpUrl.default(DEFAULT_SERVICE_URLS[s])])) as Record<
            Stage,
            z.ZodDefault<typeof HttpUrl>
          >,
        )
        .strict()
        .prefault({}),
      elasticsearch: z
        .object({
          url: HttpUrl.default(env.DAYTWO_ES_URL ?? 'http://127.0.0.1:9200'),
          /** The sink's `elasticsearch.index.prefix`. */
          indexPrefix: z.string().min(1).default('daytwo'),
          username: z.string().min(1).optional(),
          password: z.string().min(1).meta({ secret: true }).optional(),
        })
        .strict()
        .prefault({}),
      alerter: z
        .object({
          redis: z
            .object({
              url: z
                .url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' })
                .default(env.DAYTWO_REDIS_URL ?? 'redis://127.0.0.1:6379'),
              password: z.string().min(1).meta({ secret: true }).optional(),
              /** The alerter's `redis.prefix`. */
              prefix: z.string().min(1).default('daytwo-alerter'),
            })
            .strict()
            .prefault({}),
          /** Delivery queues to look at; empty: every queue found under the prefix. */
          destinations: z.array(z.string().min(1)).default([]),
        })
        .strict()
        .prefault({}),
    })
    .strict();
}
export type CliConfig = z.output<ReturnType<typeof cliConfigSchema>>;

/** Flags that override config keys. */
export interface ConfigFlags {
  config?: string | undefined;
  brokers?: string | undefined;
  topicPrefix?: string | undefined;
  es?: string | undefined;
  indexPrefix?: string | undefined;
  redis?: string | undefined;
  alerterPrefix?: string | undefined;
  /** `service=url` */
  endpoint?: string[] | undefined;
  destination?: string[] | undefined;
}

function endpointOverrides(specs: readonly string[]): Partial<Record<Stage, string>> {
  const out: Partial<Record<Stage, string>> = {};
  for (const spec of specs) {
    const [name, url] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
    if (!spec.includes('=') || !(STAGES as readonly string[]).includes(name) || url === '') {
      throw new UsageError(`--endpoint ${spec}: expected <${STAGES.join('|')}>=<url>`);
    }
    out[name as Stage] = url;
  }
  return out;
}

/** Config file (if any) → DAYTWO_CLI__ overrides → flags, validated as a whole. */
export function loadCliConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): CliConfig {
  const schema = cliConfigSchema(env);
  const file = flags.config ?? env.DAYTWO_CLI_CONFIG;
  const base = loadConfig(schema, { file, env, envPrefix: 'DAYTWO_CLI_' });
  const merged = {
    ...base,
    kafka: flags.brokers === undefined ? base.kafka : { ...base.kafka, brokers: flags.brokers },
    topicPrefix: flags.topicPrefix ?? base.topicPrefix,
    services: { ...base.services, ...endpointOverrides(flags.endpoint ?? []) },
    elasticsearch: {
      ...base.elasticsearch,
      ...(flags.es === undefined ? {} : { url: flags.es }),
      ...(flags.indexPrefix === undefined ? {} : { indexPrefix: flags.indexPrefix }),
    },
    alerter: {
      redis: {
        ...base.alerter.redis,
        ...(flags.redis === undefined ? {} : { url: flags.redis }),
        ...(flags.alerterPrefix === undefined ? {} : { prefix: flags.alerterPrefix }),
      },
      destinations: flags.destination?.length ? flags.destination : base.alerter.destinations,
    },
  };
  const result = schema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}
