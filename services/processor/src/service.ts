import {
  ConfigError,
  createKafka,
  DeadLetterPublisher,
  RecordProducer,
  topicNames,
  type ServiceContext,
  type ShutdownStepFn,
} from '@daytwo/core';
import { createProcessorMetrics } from './chain/chain-metrics';
import { resolveChain } from './chain/chain-spec';
import { ProcessorChain } from './chain/processor-chain';
import { PIPELINE_KINDS, type PipelineName, type ProcessorServiceConfig } from './config';
import { AnomalyBuffer } from './pipeline/anomaly-buffer';
import { INPUT_STAGE, PipelineWorker } from './pipeline/pipeline-worker';
import { buildCatalog } from './plugins/catalog';
import type { PluginDirs } from './plugins/plugin-loader';
import { MemoryStateBackend, RedisStateBackend, type StateBackend } from './state/redis-state';

export const consumerReadiness = (pipeline: string): string => `kafka-consumer-${pipeline}`;

interface RunningPipeline {
  name: string;
  worker: PipelineWorker<'log' | 'metric'>;
  chain: ProcessorChain;
}

async function stopAll(pipelines: readonly RunningPipeline[], close: () => Promise<void>): Promise<void> {
  // Consumers first (each finishes and commits its batch in hand), then processors, then connections.
  const stopped = await Promise.allSettled(pipelines.map((p) => p.worker.stop()));
  for (const p of pipelines) {
    await p.chain.close();
    await p.worker.flushAnomalies();
  }
  await close();
  const failed = stopped.flatMap((r, i) =>
    r.status === 'rejected' ? [`${pipelines[i]!.name}: ${String(r.reason)}`] : [],
  );
  if (failed.length > 0) throw new Error(`pipelines failed to stop: ${failed.join('; ')}`);
}

/**
 * The `start` of runService: builds the chains of the enabled pipelines and starts their consumers. Resolves to the
 * shutdown step: stop consuming (the batch in hand finishes and commits), close the processors, disconnect.
 */
export async function startProcessor(
  ctx: ServiceContext<ProcessorServiceConfig>,
  dirs: PluginDirs,
): Promise<ShutdownStepFn> {
  const { config, logger, registry, telemetry, lifecycle } = ctx;
  const { catalog, problems } = buildCatalog(config.plugins, dirs);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => ({ path: p.path.join('.'), message: p.message })));
  const topics = topicNames(config.topicPrefix === '' ? undefined : config.topicPrefix);
  const kafka = createKafka(config.kafka, { logger, logLevel: 'warn' });
  const producer = new RecordProducer(kafka, config.producer, { registry });
  const state: StateBackend = config.state.redis
    ? new RedisStateBackend(config.state.redis, logger)
    : new MemoryStateBackend();
  if (!config.state.redis) logger.warn('state.redis is not set: processor state is in memory only (lost on restart)');
  const metrics = createProcessorMetrics(registry);
  const limits = { maxRecords: config.producer.maxRecordsPerMessage, maxBytes: config.producer.maxBatchBytes };
  const closeConnections = async () => {
    await producer.disconnect();
    await state.close();
  };

  const running: RunningPipeline[] = [];
  try {
    for (const name of Object.keys(PIPELINE_KINDS) as PipelineName[]) {
      const pipeline = config.pipelines[name];
      if (!pipeline.enabled) continue;
      const kind = PIPELINE_KINDS[name];
      const log = logger.child({ pipeline: name });
      const { steps } = resolveChain(pipeline.processors, kind, ['pipelines', name, 'processors'], catalog);
      const anomalies = new AnomalyBuffer(log);
      const chain = await ProcessorChain.create<typeof kind>({
        pipeline: name,
        kind,
        steps,
        logger: log,
        state: (processor) => state.store(name, processor),
        emitAnomaly: (event, processor) => anomalies.add(event, processor),
        metrics,
      });
      const worker = new PipelineWorker({
        name,
        kind,
        topics: {
          input: pipeline.input ?? (name === 'logs' ? topics.logsRaw : topics.metricsRaw),
          output: pipeline.output ?? (name === 'logs' ? topics.logsEnriched : topics.metricsProcessed),
          anomalies: topics.anomalies,
          deadLetter: topics.deadLetter,
        },
        consumer: { ...pipeline.consumer, maxRecordsPerHandlerCall: config.batch.maxRecords },
        kafka,
        producer,
        envelopeDeadLetters: new DeadLetterPublisher(producer, { topic: topics.deadLetter, stage: INPUT_STAGE }),
        chain,
        anomalies,
        limits,
        metrics,
        registry,
        logger: log,
        onFatal: (err) => {
          telemetry.setReady(consumerReadiness(name), false);
          logger.fatal({ err, pipeline: name }, 'kafka consumer stopped for good');
          telemetry.setFatal(`${name} consumer stopped`);
          void lifecycle.shutdown(`${name} consumer stopped`, { failure: true });
        },
      });
      running.push({ name, worker, chain });
      telemetry.setReady(consumerReadiness(name), false);
      await worker.start();
      telemetry.setReady(consumerReadiness(name), true);
      log.info({ processors: chain.names, groupId: worker.groupId }, 'pipeline started');
    }
  } catch (err) {
    await stopAll(running, closeConnections).catch((stopErr: unknown) =>
      logger.error({ err: stopErr }, 'cleanup failed'),
    );
    throw err;
  }
  return async () => {
    for (const p of running) telemetry.setReady(consumerReadiness(p.name), false);
    await stopAll(running, closeConnections);
  };
}
