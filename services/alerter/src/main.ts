import {
  BatchConsumer,
  createKafka,
  DeadLetterPublisher,
  RecordProducer,
  runService,
  topicNames,
  type RunServiceOptions,
  type ServiceContext,
  type ShutdownStepFn,
} from '@daytwo/core';
import type { Worker } from 'bullmq';
import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import { AlertEngine } from './alert-engine';
import { AlerterConfig } from './config';
import { HttpPoster } from './delivery/http-poster';
import { DeliveryQueues } from './delivery/queues';
import { startDeliveryWorker } from './delivery/worker';
import type { ReducerContext } from './incident/reducer';
import { anomalyBatchHandler } from './intake';
import { alerterMetrics, registerQueueDepth } from './metrics';
import { buildAlert } from './render/alert-builder';
import { createRedisClient } from './state/redis-client';
import { WorkloadStore } from './state/workload-store';
import { Sweeper } from './sweeper';
import { tlsConnectionOptions } from './tls-files';

export const ALERTER_SERVICE_NAME = 'alerter';
/** The stage named in the alerter's dead-letter entries. */
export const ALERTER_STAGE = 'alerter';

/** Redis reports every failed reconnect; one line per outage and client is enough. */
function outageLogger(logger: Logger, what: string, quietMs = 30_000): (err: Error) => void {
  let last = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < quietMs) return;
    last = now;
    logger.warn({ err: { message: err.message, code: (err as NodeJS.ErrnoException).code } }, `${what} error`);
  };
}

function reducerContext(config: AlerterConfig): () => ReducerContext {
  const windowMs = config.grouping.windowSeconds * 1000;
  const resolveTimeoutMs = config.grouping.resolveTimeoutSeconds * 1000;
  const builder = {
    cluster: config.cluster,
    links: config.links,
    windowMs,
    maxTemplates: config.grouping.maxTemplates,
  };
  return () => ({
    now: Date.now(),
    cluster: config.cluster,
    windowMs,
    resolveTimeoutMs,
    // Half the timeout: the firing alert is re-sent well before Alertmanager lets it expire.
    refreshMs: resolveTimeoutMs / 2,
    buildAlert: (input) => buildAlert(builder, input),
  });
}

/** The `start` of runService: delivery workers, the Kafka intake and the sweeper; resolves to the final close. */
export async function startAlerter(ctx: ServiceContext<AlerterConfig>): Promise<ShutdownStepFn> {
  const { config, logger, registry, telemetry, lifecycle } = ctx;
  const metrics = alerterMetrics(registry);
  const resolveTimeoutMs = config.grouping.resolveTimeoutSeconds * 1000;
  const { prefix } = config.redis;

  const redisClients: IORedis[] = [];
  const posters: HttpPoster[] = [];
  const workers: Worker[] = [];
  const closeAll = async () => {
    await Promise.allSettled(workers.map((w) => w.close()));
    await queues.close();
    for (const poster of posters) poster.close();
    for (const client of redisClients) client.disconnect();
  };

  const stateRedis = createRedisClient(
    config.redis,
    { connectionName: 'daytwo-alerter-state', maxRetriesPerRequest: 2 },
    outageLogger(logger, 'redis (state)'),
  );
  const bullRedis = createRedisClient(
    config.redis,
    { connectionName: 'daytwo-alerter-queues', maxRetriesPerRequest: null },
    outageLogger(logger, 'redis (queues)'),
  );
  redisClients.push(stateRedis, bullRedis);
  const queueErrors = outageLogger(logger, 'delivery queue');
  const queues = new DeliveryQueues(config.destinations, bullRedis, prefix, (err) => queueErrors(err));

  const kafka = createKafka(config.kafka, { logger, logLevel: 'warn' });
  const producer = new RecordProducer(kafka, config.producer, { registry });
  let consumer: BatchConsumer | undefined;
  let sweeper: Sweeper | undefined;
  try {
    for (const destination of config.destinations) {
      const tls = destination.tls ? tlsConnectionOptions(destination.tls, `destinations.${destination.name}.tls`) : {};
      const poster = new HttpPoster(tls);
      posters.push(poster);
      workers.push(
        startDeliveryWorker({
          destination,
          connection: bullRedis,
          prefix,
          queue: queues.queue(destination.name),
          poster,
          resolveTimeoutMs,
          metrics,
          logger,
        }),
      );
    }
    registerQueueDepth(
      registry,
      config.destinations.map((d) => d.name),
      (d) => queues.jobCounts(d),
    );
    telemetry.addReadinessCheck('redis', async () => (await stateRedis.ping()) === 'PONG');
    telemetry.setReady('kafka', false);

    const store = new WorkloadStore(stateRedis, prefix, resolveTimeoutMs, (workload, reason) =>
      logger.error({ workload, reason }, 'unreadable grouping state replaced by an empty one'),
    );
    const engine = new AlertEngine({ store, queues, context: reducerContext(config), metrics, logger });
    sweeper = new Sweeper(engine, config.grouping.sweepIntervalMs, logger);
    sweeper.start();

    const topics = topicNames(config.topicPrefix === '' ? undefined : config.topicPrefix);
    const deadLetters = new DeadLetterPublisher(producer, { topic: topics.deadLetter, stage: ALERTER_STAGE });
    consumer = new BatchConsumer(kafka, {
      topics: [topics.anomalies],
      settings: config.consumer,
      handler: anomalyBatchHandler(engine, deadLetters, metrics, logger),
      deadLetters,
      expectedKinds: ['anomaly'],
      registry,
      logger,
      onFatal: (err) => {
        logger.fatal({ err }, 'kafka consumer gave up');
        telemetry.setFatal('kafka consumer gave up');
        void lifecycle.shutdown('kafka consumer gave up');
      },
    });
    await consumer.start();
    telemetry.setReady('kafka', true);
  } catch (err) {
    await consumer?.stop().catch(() => undefined);
    await sweeper?.stop();
    await producer.disconnect().catch(() => undefined);
    await closeAll();
    throw err;
  }

  const started = { consumer, sweeper };
  lifecycle.addStep('stop kafka intake', () => started.consumer.stop());
  lifecycle.addStep('stop sweeper', () => started.sweeper.stop());
  logger.info({ destinations: config.destinations.map((d) => `${d.name} (${d.type})`) }, 'alerter started');
  return async () => {
    await producer.disconnect();
    await closeAll();
  };
}

export type RunAlerterOptions = Omit<RunServiceOptions<typeof AlerterConfig>, 'name' | 'configSchema' | 'start'>;

/** Runs the alerter as a service: config from `--config`/DAYTWO_CONFIG and DAYTWO__ overrides. */
export function runAlerter(options: RunAlerterOptions = {}): Promise<ServiceContext<AlerterConfig> | undefined> {
  return runService({ ...options, name: ALERTER_SERVICE_NAME, configSchema: AlerterConfig, start: startAlerter });
}

if (require.main === module) {
  runAlerter().catch((err: unknown) => {
    process.stderr.write(
      `${ALERTER_SERVICE_NAME}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
