import { BatchConsumer, type ConsumerSettingsInput } from '@daytwo/core';
import type { PipelineContext, SinkPipeline } from '../pipeline';
import { BulkBatcher } from './bulk-batcher';
import { BulkWriter } from './bulk-writer';
import { createElasticsearchClient, isClusterHealthy } from './client';
import { chooseIndexMode, detectDataStreamSupport } from './cluster-capabilities';
import type { ElasticsearchConfig } from './config';
import { DeadLetterIndex } from './dead-letter-index';
import { deadLetterIndexName, type IndexMode, type IndexNaming } from './index-naming';
import { LogStore } from './log-store';
import { elasticsearchMetrics } from './metrics';
import { setUpInBackground } from '../pipeline-setup';
import { installTemplates } from './template';

export interface LogsPipelineOptions {
  elasticsearch: ElasticsearchConfig;
  consumer: ConsumerSettingsInput;
  /** The enriched log topic. */
  topic: string;
  context: PipelineContext;
}

export const LOGS_READINESS = {
  elasticsearch: 'elasticsearch',
  templates: 'elasticsearch-templates',
  consumer: 'kafka-consumer-logs',
} as const;

/**
 * Enriched logs → Elasticsearch. Returns at once; in the background it detects the index mode and installs the
 * templates (retrying while Elasticsearch is unreachable; a 401/403 stops the sink, retrying cannot fix it), then
 * joins the consumer group. Readiness: cluster healthy, templates installed, consumer joined.
 */
export function startLogsPipeline(options: LogsPipelineOptions): SinkPipeline {
  const es = options.elasticsearch;
  const { logger, telemetry, registry } = options.context;
  const log = logger.child({ pipeline: 'logs' });
  // Throws for unreadable certificate files: a config error, the service does not start.
  const client = createElasticsearchClient(es);
  const metrics = elasticsearchMetrics(registry);
  const abort = new AbortController();
  let consumer: BatchConsumer | undefined;

  telemetry.addReadinessCheck(LOGS_READINESS.elasticsearch, () => isClusterHealthy(client, es.healthCheckTimeoutMs));
  telemetry.setReady(LOGS_READINESS.templates, false);
  telemetry.setReady(LOGS_READINESS.consumer, false);

  const naming: IndexNaming = {
    prefix: es.index.prefix,
    defaultDataset: es.index.defaultDataset,
    defaultNamespace: es.index.defaultNamespace,
  };

  const prepare = async (): Promise<IndexMode> => {
    const support =
      es.index.mode === 'auto'
        ? await detectDataStreamSupport(client, `logs-${naming.prefix}.probe-default`)
        : undefined;
    const mode = chooseIndexMode(es.index.mode, support);
    const templates = await installTemplates(client, mode, {
      naming,
      messageType: es.index.messageType,
      priority: es.index.templatePriority,
      shards: es.index.shards,
      replicas: es.index.replicas,
      refreshInterval: es.index.refreshInterval,
    });
    log.info(
      { mode, configured: es.index.mode, detail: support?.detail ?? 'configured', templates },
      mode === 'data_stream'
        ? 'writing logs to data streams'
        : 'writing logs to daily indices (by record @timestamp) behind an alias',
    );
    telemetry.setReady(LOGS_READINESS.templates, true);
    return mode;
  };

  const startConsumer = async (mode: IndexMode): Promise<void> => {
    const writer = new BulkWriter({ client, metrics, logger: log });
    const batcher = new BulkBatcher((items) => writer.send(items), es.bulk);
    const deadLetters = new DeadLetterIndex({
      index: deadLetterIndexName(naming),
      send: (items) => writer.send(items),
      retry: es.retry,
      fallback: options.context.deadLetters,
      metrics,
      logger: log,
      maxRawBytes: es.deadLetterMaxRawBytes,
    });
    const store = new LogStore({
      mode,
      naming,
      submit: (items) => batcher.submit(items),
      deadLetters,
      retry: es.retry,
      metrics,
    });
    consumer = new BatchConsumer(options.context.kafka, {
      topics: [options.topic],
      settings: options.consumer,
      handler: async (batch) => {
        const report = await store.store(batch.records, abort.signal);
        log.debug({ topic: batch.topic, partition: batch.partition, ...report }, 'batch stored');
      },
      deadLetters: options.context.deadLetters,
      expectedKinds: ['log'],
      registry,
      logger: log,
      onFatal: (err) => {
        telemetry.setReady(LOGS_READINESS.consumer, false);
        options.context.onFatal('logs consumer stopped for good', err);
      },
    });
    await consumer.start();
    telemetry.setReady(LOGS_READINESS.consumer, true);
    log.info({ topic: options.topic, groupId: consumer.settings.groupId }, 'logs consumer joined');
  };

  let mode: IndexMode | undefined;
  const settingUp = setUpInBackground({
    name: 'logs',
    retry: es.retry,
    signal: abort.signal,
    log,
    onFatal: (reason, err) => options.context.onFatal(reason, err),
    attempt: async () => {
      mode ??= await prepare();
      await startConsumer(mode);
    },
    undo: async () => {
      const started = consumer;
      consumer = undefined;
      await started?.stop();
    },
  });

  return {
    name: 'logs',
    stop: async () => {
      // Cuts retry waits short; a bulk request under way is still awaited, so a healthy batch commits.
      abort.abort();
      await settingUp;
      await consumer?.stop();
      telemetry.setReady(LOGS_READINESS.consumer, false);
      await client.close();
    },
  };
}
