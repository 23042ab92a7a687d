import {
  createKafka,
  DeadLetterPublisher,
  RecordProducer,
  runService,
  topicNames,
  type RunServiceOptions,
  type ServiceContext,
  type ShutdownStepFn,
} from '@daytwo/core';
import { SinkConfig } from './config';
import { startAnomaliesPipeline } from './elasticsearch/anomalies-pipeline';
import { startLogsPipeline } from './elasticsearch/logs-pipeline';
import { startMetricsPipeline } from './metrics/metrics-pipeline';
import type { PipelineContext, SinkPipeline } from './pipeline';

export const SINK_SERVICE_NAME = 'sink';

/** The stage named in the sink's entries on the Kafka dead-letter topic. */
export const SINK_STAGE = 'sink';

interface PipelineDefinition {
  name: string;
  enabled(config: SinkConfig): boolean;
  start(config: SinkConfig, context: PipelineContext): SinkPipeline | Promise<SinkPipeline>;
}

/** Every pipeline the sink can run; a new one adds its entry here. */
const PIPELINES: readonly PipelineDefinition[] = [
  {
    name: 'logs',
    enabled: (config) => config.pipelines.logs?.enabled === true,
    start: (config, context) =>
      startLogsPipeline({
        // SinkConfig guarantees the section while the logs pipeline is enabled.
        elasticsearch: config.elasticsearch!,
        consumer: config.pipelines.logs!.consumer,
        topic: context.topics.logsEnriched,
        context,
      }),
  },
  {
    name: 'metrics',
    enabled: (config) => config.pipelines.metrics?.enabled === true,
    start: (config, context) =>
      startMetricsPipeline({
        // SinkConfig guarantees both sections while the metrics pipeline is enabled.
        remoteWrite: config.remoteWrite!,
        state: config.state!,
        consumer: config.pipelines.metrics!.consumer,
        topic: context.topics.metricsProcessed,
        context,
      }),
  },
  {
    name: 'anomalies',
    enabled: (config) => config.pipelines.anomalies?.enabled === true,
    start: (config, context) =>
      startAnomaliesPipeline({
        // SinkConfig guarantees the section while the anomalies pipeline is enabled.
        elasticsearch: config.elasticsearch!,
        consumer: config.pipelines.anomalies!.consumer,
        indexPeriod: config.pipelines.anomalies!.indexPeriod,
        topic: context.topics.anomalies,
        context,
      }),
  },
];

async function stopAll(pipelines: readonly SinkPipeline[], producer: RecordProducer): Promise<void> {
  // Pipelines stop independently; one failing to stop must not keep the others from committing.
  const results = await Promise.allSettled(pipelines.map((p) => p.stop()));
  await producer.disconnect();
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`${pipelines[i]!.name}: ${String(r.reason)}`] : [],
  );
  if (failed.length > 0) throw new Error(`pipelines failed to stop: ${failed.join('; ')}`);
}

/** The `start` of runService: starts the enabled pipelines; resolves to the shutdown step that stops them. */
export async function startSink(ctx: ServiceContext<SinkConfig>): Promise<ShutdownStepFn> {
  const { config, logger, registry, telemetry, lifecycle } = ctx;
  const kafka = createKafka(config.kafka, { logger, logLevel: 'warn' });
  const topics = topicNames(config.topicPrefix === '' ? undefined : config.topicPrefix);
  const producer = new RecordProducer(kafka, config.producer, { registry });
  const context: PipelineContext = {
    logger,
    registry,
    telemetry,
    kafka,
    topics,
    deadLetters: new DeadLetterPublisher(producer, { topic: topics.deadLetter, stage: SINK_STAGE }),
    onFatal: (reason, err) => {
      logger.fatal({ err }, reason);
      telemetry.setFatal(reason);
      void lifecycle.shutdown(reason, { failure: true });
    },
  };
  const running: SinkPipeline[] = [];
  try {
    for (const pipeline of PIPELINES) {
      if (pipeline.enabled(config)) running.push(await pipeline.start(config, context));
    }
  } catch (err) {
    await stopAll(running, producer).catch((stopErr: unknown) => logger.error({ err: stopErr }, 'cleanup failed'));
    throw err;
  }
  logger.info({ pipelines: running.map((p) => p.name) }, 'sink pipelines started');
  return () => stopAll(running, producer);
}

export type RunSinkOptions = Omit<RunServiceOptions<typeof SinkConfig>, 'name' | 'configSchema' | 'start'>;

/** Runs the sink as a service: config from `--config`/DAYTWO_CONFIG and DAYTWO__ overrides. */
export function runSink(options: RunSinkOptions = {}): Promise<ServiceContext<SinkConfig> | undefined> {
  return runService({ ...options, name: SINK_SERVICE_NAME, configSchema: SinkConfig, start: startSink });
}

if (require.main === module) {
  runSink().catch((err: unknown) => {
    process.stderr.write(`${SINK_SERVICE_NAME}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
