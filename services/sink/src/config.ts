import { ConsumerSettings, KafkaConnectionConfig, ProducerSettings, TelemetryConfig, topicNames } from '@daytwo/core';
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

/**
 * The sink's pipelines, each optional: a pipeline runs when its section is present and `enabled` is not false.
 * Destinations are top-level sections (`elasticsearch`, and `remoteWrite` for the metrics pipeline).
 */
export const PipelinesConfig = z
  .object({
    logs: LogsPipelineConfig.optional(),
    metrics: MetricsPipelineConfig.optional(),
  })
  .strict();

export const SinkConfig = z
  .object({
    kafka: KafkaConnectionConfig,
    /** Topics are `<topicPrefix>.daytwo.logs.enriched`... ; empty for the plain names. */
    topicPrefix: z
      .string()
      .default('')
      .refine((prefix) => {
        try {
          topicNames(prefix);
          return true;
        } catch {
          return false;
        }
      }, 'must be [a-zA-Z0-9._-], at most 200 characters'),
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
        message: 'enable at least one pipeline (pipelines.logs, pipelines.metrics)',
      });
    }
    if (config.pipelines.logs?.enabled && config.elasticsearch === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['elasticsearch'],
        message: 'is required while pipelines.logs is enabled',
      });
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
