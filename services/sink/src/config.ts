import {
  ConsumerSettings,
  KafkaConnectionConfig,
  ProducerSettings,
  TelemetryConfig,
  TopicPrefixConfig,
} from '@daytwo/core';
import { z } from 'zod';
import { ElasticsearchConfig } from './elasticsearch/config';
import { RemoteWriteConfig, SinkStateConfig } from './metrics/config';

/**
 * Consumer settings of a pipeline with its own default group id. (zod cannot re-default a key of a refined object, so
 * the core shape is reused and its one refinement repeated; BatchConsumer validates with the core schema again.)
 */
const pipelineConsumer = (groupId: string) =>
  z
    .object({ ...ConsumerSettings.shape, groupId: z.string().min(1).default(groupId) })
    .strict()
    .refine((s) => s.retryInitialMs <= s.retryMaxMs, {
      message: 'retryInitialMs must not exceed retryMaxMs',
      path: ['retryInitialMs'],
    })
    .prefault({});

export const LogsPipelineConfig = z
  .object({
    enabled: z.boolean().default(true),
    consumer: pipelineConsumer('daytwo-sink-logs'),
  })
  .strict();
export type LogsPipelineConfig = z.output<typeof LogsPipelineConfig>;

export const MetricsPipelineConfig = z
  .object({
    enabled: z.boolean().default(true),
    consumer: pipelineConsumer('daytwo-sink-metrics'),
  })
  .strict();
export type MetricsPipelineConfig = z.output<typeof MetricsPipelineConfig>;

export const AnomaliesPipelineConfig = z
  .object({
    enabled: z.boolean().default(true),
    consumer: pipelineConsumer('daytwo-sink-anomalies'),
    /** One index per month (`<prefix>-anomalies-YYYY.MM`) or per day (`-YYYY.MM.DD`) of the event's @timestamp. */
    indexPeriod: z.enum(['month', 'day']).default('month'),
  })
  .strict();
export type AnomaliesPipelineConfig = z.output<typeof AnomaliesPipelineConfig>;

/**
 * The sink's pipelines, each optional: a pipeline runs when its section is present and `enabled` is not false.
 * Destinations are top-level sections (`elasticsearch` for logs and anomalies, `remoteWrite` for metrics).
 */
export const PipelinesConfig = z
  .object({
    logs: LogsPipelineConfig.optional(),
    metrics: MetricsPipelineConfig.optional(),
    anomalies: AnomaliesPipelineConfig.optional(),
  })
  .strict();

export const SinkConfig = z
  .object({
    kafka: KafkaConnectionConfig,
    topicPrefix: TopicPrefixConfig,
    /** The producer of the Kafka dead-letter topic. */
    producer: ProducerSettings.prefault({}),
    elasticsearch: ElasticsearchConfig.optional(),
    remoteWrite: RemoteWriteConfig.optional(),
    /** Durable state of the metrics pipeline (per-series watermarks). */
    state: SinkStateConfig.optional(),
    pipelines: PipelinesConfig.prefault({}),
    telemetry: TelemetryConfig,
  })
  .strict()
  .superRefine((config, ctx) => {
    const enabled = Object.values(config.pipelines).filter((p) => p?.enabled);
    if (enabled.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['pipelines'],
        message: 'enable at least one pipeline (pipelines.logs, pipelines.metrics, pipelines.anomalies)',
      });
    }
    for (const name of ['logs', 'anomalies'] as const) {
      if (config.pipelines[name]?.enabled && config.elasticsearch === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['elasticsearch'],
          message: `is required while pipelines.${name} is enabled`,
        });
      }
    }
    if (config.pipelines.metrics?.enabled) {
      for (const key of ['remoteWrite', 'state'] as const) {
        if (config[key] === undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required while pipelines.metrics is enabled' });
        }
      }
    }
  });
export type SinkConfig = z.output<typeof SinkConfig>;
export type SinkConfigInput = z.input<typeof SinkConfig>;
