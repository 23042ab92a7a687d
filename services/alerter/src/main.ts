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
import { AlertEngine } from './alert-engine';
import { AlerterConfig } from './config';
import { startDelivery } from './delivery/delivery-service';
import type { ReducerContext } from './incident/reducer';
import { anomalyBatchHandler } from './intake';
import { alerterMetrics } from './metrics';
import { outageLogger } from './outage-logger';
import { buildAlert } from './render/alert-builder';
import { createRedisClient } from './state/redis-client';
import { WorkloadStore } from './state/workload-store';
import { Sweeper } from './sweeper';

export const ALERTER_SERVICE_NAME = 'alerter';
/** The stage named in the alerter's dead-letter entries. */
export const ALERTER_STAGE = 'alerter';

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
  const delivery = startDelivery(config, { logger, metrics, registry });
  const stateRedis = createRedisClient(
    config.redis,
    { connectionName: 'daytwo-alerter-state', maxRetriesPerRequest: 2 },
    outageLogger(logger, 'redis (state)'),
  );
  telemetry.addReadinessCheck('redis', async () => (await stateRedis.ping()) === 'PONG');
  telemetry.setReady('kafka', false);

  const store = new WorkloadStore(
    stateRedis,
    config.redis.prefix,
    config.grouping.resolveTimeoutSeconds * 1000,
    (w, r) => logger.error({ workload: w, reason: r }, 'unreadable grouping state replaced by an empty one'),
  );
  const engine = new AlertEngine({ store, queues: delivery.queues, context: reducerContext(config), metrics, logger });
  const sweeper = new Sweeper(engine, config.grouping.sweepIntervalMs, logger);
  sweeper.start();

  const kafka = createKafka(config.kafka, { logger, logLevel: 'warn' });
  const producer = new RecordProducer(kafka, config.producer, { registry });
  const topics = topicNames(config.topicPrefix === '' ? undefined : config.topicPrefix);
  const deadLetters = new DeadLetterPublisher(producer, { topic: topics.deadLetter, stage: ALERTER_STAGE });
  const consumer = new BatchConsumer(kafka, {
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
      void lifecycle.shutdown('kafka consumer gave up', { failure: true });
    },
  });
  const close = async () => {
    await sweeper.stop();
    await producer.disconnect();
    await delivery.close();
    stateRedis.disconnect();
  };
  try {
    await consumer.start();
  } catch (err) {
    await consumer.stop().catch(() => undefined);
    await close();
    throw err;
  }
  telemetry.setReady('kafka', true);
  // Intake stops (and commits) first; windows closing meanwhile are still queued by the sweeper until it stops.
  lifecycle.addStep('stop kafka intake', () => consumer.stop());
  logger.info({ destinations: config.destinations.map((d) => `${d.name} (${d.type})`) }, 'alerter started');
  return close;
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
