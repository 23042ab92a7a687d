import {
  ConsumerSettings,
  KafkaConnectionConfig,
  ProducerSettings,
  TelemetryConfig,
  TopicPrefixConfig,
} from '@daytwo/core';
import { z } from 'zod';
import { resolveChain } from './chain/chain-spec';
import { buildCatalog } from './plugins/catalog';
import type { PluginDirs } from './plugins/plugin-loader';
import { StateConfig } from './state/state-config';

/** `{ type, name?, ...the processor's own keys }`; the own keys are checked against the processor's schema. */
export const ProcessorEntryConfig = z
  .object({
    type: z.string().min(1),
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be 1-63 characters [A-Za-z0-9._-]')
      .optional(),
  })
  .catchall(z.unknown());

const { maxRecordsPerHandlerCall: _fromBatchConfig, ...consumerShape } = ConsumerSettings.shape;

/**
 * Consumer settings of a pipeline with its own default group id, without `maxRecordsPerHandlerCall` (that is
 * `batch.maxRecords`). zod cannot re-default a key of a refined object, so the core shape is reused and its one
 * refinement repeated; BatchConsumer validates with the core schema again.
 */
const pipelineConsumer = (groupId: string) =>
  z
    .object({ ...consumerShape, groupId: z.string().min(1).default(groupId) })
    .strict()
    .refine((s) => s.retryInitialMs <= s.retryMaxMs, {
      message: 'retryInitialMs must not exceed retryMaxMs',
      path: ['retryInitialMs'],
    })
    .prefault({});

const pipelineConfig = (groupId: string) =>
  z
    .object({
      enabled: z.boolean().default(true),
      /** Topic to consume; default the prefixed raw topic. */
      input: z.string().min(1).optional(),
      /** Topic to write; default the prefixed enriched/processed topic. */
      output: z.string().min(1).optional(),
      consumer: pipelineConsumer(groupId),
      processors: z.array(ProcessorEntryConfig).default([]),
    })
    .strict()
    .prefault({});

export const PIPELINE_KINDS = { logs: 'log', metrics: 'metric' } as const;
export type PipelineName = keyof typeof PIPELINE_KINDS;

export const BaseProcessorServiceConfig = z
  .object({
    kafka: KafkaConnectionConfig,
    topicPrefix: TopicPrefixConfig,
    /** Producer of the output, dead-letter and anomaly topics (acks from all in-sync replicas). */
    producer: ProducerSettings.prefault({}),
    telemetry: TelemetryConfig,
    pipelines: z
      .object({
        /** raw logs → enriched logs. */
        logs: pipelineConfig('daytwo-processor-logs'),
        /** raw metrics → processed metrics. */
        metrics: pipelineConfig('daytwo-processor-metrics'),
      })
      .strict()
      .prefault({}),
    /** Modules with user processors: paths (relative to this file's directory) or package names. */
    plugins: z.array(z.string().min(1)).default([]),
    state: StateConfig,
    batch: z
      .object({
        /** Records per chain run (and per consumer handler call); bounds memory per partition. */
        maxRecords: z.number().int().positive().max(100_000).default(2_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type ProcessorServiceConfig = z.output<typeof BaseProcessorServiceConfig>;
export type ProcessorServiceConfigInput = z.input<typeof BaseProcessorServiceConfig>;

/**
 * The full config schema: the base schema plus what only the plugins can tell, checked at load time so that the
 * service refuses to start with every problem named (`plugins[0]: ...`, `pipelines.logs.processors[2].fields: ...`).
 */
export function processorServiceConfigSchema(dirs: PluginDirs) {
  return BaseProcessorServiceConfig.superRefine((config, ctx) => {
    const names = Object.keys(PIPELINE_KINDS) as PipelineName[];
    if (!names.some((name) => config.pipelines[name].enabled)) {
      ctx.addIssue({ code: 'custom', path: ['pipelines'], message: 'enable at least one pipeline (logs or metrics)' });
    }
    const { catalog, problems } = buildCatalog(config.plugins, dirs);
    for (const name of names) {
      const pipeline = config.pipelines[name];
      if (!pipeline.enabled) continue;
      const path = ['pipelines', name, 'processors'];
      problems.push(...resolveChain(pipeline.processors, PIPELINE_KINDS[name], path, catalog).problems);
    }
    for (const p of problems) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });
}
