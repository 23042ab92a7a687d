import { hostname } from 'node:os';
import {
  createKafka,
  DeadLetterPublisher,
  ensureTopics,
  RecordProducer,
  runService,
  topicNames,
  type RunServiceOptions,
  type ServiceContext,
} from '@daytwo/core';
import { Collector } from './collector';
import { CollectorLogsConfig } from './config';

export const COLLECTOR_LOGS_SERVICE_NAME = 'collector-logs';

/** The stage named in the collector's entries on the Kafka dead-letter topic. */
export const COLLECTOR_LOGS_STAGE = 'collector-logs';

/** `kubernetes.node.name`: the config, else NODE_NAME (the downward API), else the host name. */
export function resolveNodeName(config: CollectorLogsConfig, env: NodeJS.ProcessEnv = process.env): string {
  return config.nodeName ?? (env['NODE_NAME'] || hostname());
}

/** The `start` of runService: topics, producer, collector; shutdown steps stop intake, drain, commit, close. */
export async function startCollectorLogs(ctx: ServiceContext<CollectorLogsConfig>): Promise<void> {
  const { config, logger, registry, lifecycle } = ctx;
  const kafka = createKafka(config.kafka, { logger, logLevel: 'warn' });
  const topics = topicNames(config.topicPrefix === '' ? undefined : config.topicPrefix);
  if (config.topics.create) {
    const { partitions, replicationFactor } = config.topics;
    const specs = [topics.logsRaw, topics.deadLetter].map((name) => ({ name, partitions, replicationFactor }));
    const { created } = await ensureTopics(kafka, specs);
    if (created.length > 0) logger.info({ topics: created }, 'topics created');
  }
  const producer = new RecordProducer(kafka, config.producer, { registry });
  await producer.connect();
  const collector = await Collector.start({
    settings: config,
    topic: topics.logsRaw,
    records: producer,
    deadLetters: new DeadLetterPublisher(producer, { topic: topics.deadLetter, stage: COLLECTOR_LOGS_STAGE }),
    logger,
    registry,
    nodeName: resolveNodeName(config),
    hostName: hostname(),
  });
  lifecycle.addStep('stop intake', () => collector.stopIntake());
  lifecycle.addStep('drain', async () => {
    if (!(await collector.drain())) logger.warn('drain timed out: unacknowledged lines are read again at next start');
  });
  lifecycle.addStep('commit', () => collector.commit());
  lifecycle.addStep('close', async () => {
    await collector.close();
    await producer.disconnect();
  });
}

export type RunCollectorLogsOptions = Omit<
  RunServiceOptions<typeof CollectorLogsConfig>,
  'name' | 'configSchema' | 'start'
>;

/** Runs the collector as a service: config from `--config`/DAYTWO_CONFIG and DAYTWO__ overrides. */
export function runCollectorLogs(
  options: RunCollectorLogsOptions = {},
): Promise<ServiceContext<CollectorLogsConfig> | undefined> {
  return runService({
    ...options,
    name: COLLECTOR_LOGS_SERVICE_NAME,
    configSchema: CollectorLogsConfig,
    start: startCollectorLogs,
  });
}

if (require.main === module) {
  runCollectorLogs().catch((err: unknown) => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${COLLECTOR_LOGS_SERVICE_NAME}: ${text}\n`);
    process.exit(1);
  });
}
