import {
  createKafka,
  RecordProducer,
  runService,
  topicNames,
  type RunServiceOptions,
  type ServiceContext,
  type ShutdownStepFn,
} from '@daytwo/core';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CollectorMetricsConfig } from './config';
import { DiscoveryManager } from './discovery/discovery-manager';
import { discoveryMetrics } from './discovery/discovery-metrics';
import { createProviders } from './discovery/providers';
import { publishMetrics } from './publish/publish-metrics';
import { SamplePublisher } from './publish/sample-publisher';
import { acceptHeader } from './scrape/accept-header';
import { FailureLog } from './scrape/failure-log';
import { ScrapeManager } from './scrape/scrape-manager';
import { Semaphore } from './scrape/semaphore';
import { hash64 } from './scrape/series-identity';

export const COLLECTOR_METRICS_SERVICE_NAME = 'collector-metrics';
const USER_AGENT = 'daytwo-collector-metrics/0.1';

export interface CollectorDeps {
  config: CollectorMetricsConfig;
  logger: Logger;
  registry: Registry;
  producer: Pick<RecordProducer, 'publishRecords'>;
}

export interface RunningCollector {
  scrapes: ScrapeManager;
  publisher: SamplePublisher;
  /** Stops discovery and scraping, then publishes what is queued (up to publish.drainTimeout). */
  stop(): Promise<void>;
}

/** Discovery → scrape loops → publisher to the raw metrics topic, all running. */
export async function startCollector({ config, logger, registry, producer }: CollectorDeps): Promise<RunningCollector> {
  const topics = topicNames(config.topicPrefix === '' ? undefined : config.topicPrefix);
  const { scrape, publish } = config;
  const publisher = new SamplePublisher({
    producer,
    topic: topics.metricsRaw,
    keyShards: publish.keyShards,
    lingerMs: publish.linger,
    retryDelayMs: publish.retryDelay,
    maxRetryDelayMs: publish.maxRetryDelay,
    metrics: publishMetrics(registry),
    logger,
  });
  const scrapes = new ScrapeManager(
    {
      intervalMs: scrape.interval,
      timeoutMs: scrape.timeout,
      bodySizeLimit: scrape.bodySizeLimit,
      accept: acceptHeader(scrape.protocols),
      userAgent: USER_AGENT,
      jitterSeed: hash64(scrape.jitterSeed ?? config.nodeName),
      metricRelabelConfigs: config.metric_relabel_configs,
      semaphore: new Semaphore(scrape.concurrency),
      publisher,
      failures: new FailureLog(logger, scrape.failureLogInterval),
      logger,
    },
    registry,
    logger,
  );
  const discoveryDeps = { logger, metrics: discoveryMetrics(registry), nodeName: config.nodeName };
  const discovery = new DiscoveryManager({
    providers: createProviders(config.targets, discoveryDeps),
    relabelConfigs: config.relabel_configs,
    onTargets: (targets) => scrapes.sync(targets),
    logger,
    metrics: discoveryDeps.metrics,
  });
  await discovery.start();
  return {
    scrapes,
    publisher,
    async stop() {
      await discovery.stop();
      await scrapes.stop();
      await publisher.drain(publish.drainTimeout);
    },
  };
}

/** The `start` of runService: resolves to the shutdown step (stop intake, drain to Kafka, disconnect). */
export async function startCollectorMetrics(ctx: ServiceContext<CollectorMetricsConfig>): Promise<ShutdownStepFn> {
  const { config, logger, registry } = ctx;
  const kafka = createKafka(config.kafka, { logger, logLevel: 'warn' });
  const producer = new RecordProducer(kafka, config.producer, { registry });
  let collector: RunningCollector;
  try {
    collector = await startCollector({ config, logger, registry, producer });
  } catch (err) {
    await producer.disconnect();
    throw err;
  }
  return async () => {
    try {
      await collector.stop();
    } finally {
      await producer.disconnect();
    }
  };
}

export type RunCollectorMetricsOptions = Omit<
  RunServiceOptions<typeof CollectorMetricsConfig>,
  'name' | 'configSchema' | 'start'
>;

/** Runs collector-metrics as a service: config from `--config`/DAYTWO_CONFIG and DAYTWO__ overrides. */
export function runCollectorMetrics(
  options: RunCollectorMetricsOptions = {},
): Promise<ServiceContext<CollectorMetricsConfig> | undefined> {
  return runService({
    ...options,
    name: COLLECTOR_METRICS_SERVICE_NAME,
    configSchema: CollectorMetricsConfig,
    start: startCollectorMetrics,
  });
}

if (require.main === module) {
  runCollectorMetrics().catch((err: unknown) => {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${COLLECTOR_METRICS_SERVICE_NAME}: ${message}\n`);
    process.exit(1);
  });
}
