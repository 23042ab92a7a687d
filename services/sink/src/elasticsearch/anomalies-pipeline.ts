import { BatchConsumer, type ConsumerSettingsInput } from '@daytwo/core';
import type { PipelineContext, SinkPipeline } from '../pipeline';
import { setUpInBackground } from '../pipeline-setup';
import { anomalyDeadLetterIndexName, type AnomalyIndexPeriod, type AnomalyNaming } from './anomaly-naming';
import { AnomalyStore } from './anomaly-store';
import { BulkBatcher } from './bulk-batcher';
import { BulkWriter } from './bulk-writer';
import { createElasticsearchClient, isClusterHealthy } from './client';
import type { ElasticsearchConfig } from './config';
import { DeadLetterIndex } from './dead-letter-index';
import { ANOMALY_METRICS, elasticsearchMetrics } from './metrics';
import { installAnomalyTemplates } from './template';

export interface AnomaliesPipelineOptions {
  elasticsearch: ElasticsearchConfig;
  consumer: ConsumerSettingsInput;
  indexPeriod: AnomalyIndexPeriod;
  /** The anomaly topic. */
  topic: string;
  context: PipelineContext;
}

export const ANOMALIES_READINESS = {
  elasticsearch: 'elasticsearch-anomalies',
  templates: 'elasticsearch-templates-anomalies',
  consumer: 'kafka-consumer-anomalies',
} as const;

/**
 * Anomaly events → Elasticsearch (`<prefix>-anomalies-*` behind alias `<prefix>-anomalies`). Returns at once; in the
 * background it installs the templates (retrying while Elasticsearch is unreachable; a 401/403 stops the sink), then
 * joins the consumer group. Shares the `elasticsearch` section with the logs pipeline but has its own client, bulk
 * batches and metrics (`daytwo_sink_es_anomalies_*`): anomalies never queue behind a backlog of logs in the sink.
 */
export function startAnomaliesPipeline(options: AnomaliesPipelineOptions): SinkPipeline {
  const es = options.elasticsearch;
  const { logger, telemetry, registry } = options.context;
  const log = logger.child({ pipeline: 'anomalies' });
  const client = createElasticsearchClient(es);
  const metrics = elasticsearchMetrics(registry, ANOMALY_METRICS);
  const naming: AnomalyNaming = { prefix: es.index.prefix };
  const abort = new AbortController();
  let consumer: BatchConsumer | undefined;

  telemetry.addReadinessCheck(ANOMALIES_READINESS.elasticsearch, () =>
    isClusterHealthy(client, es.healthCheckTimeoutMs),
  );
  telemetry.setReady(ANOMALIES_READINESS.templates, false);
  telemetry.setReady(ANOMALIES_READINESS.consumer, false);

  const installTemplates = async (): Promise<void> => {
    const templates = await installAnomalyTemplates(client, {
      naming,
      priority: es.index.templatePriority,
      shards: es.index.shards,
      replicas: es.index.replicas,
      refreshInterval: es.index.refreshInterval,
    });
    log.info({ templates, indexPeriod: options.indexPeriod }, 'anomaly templates installed');
    telemetry.setReady(ANOMALIES_READINESS.templates, true);
  };

  const startConsumer = async (): Promise<void> => {
    const writer = new BulkWriter({ client, metrics, logger: log });
    const batcher = new BulkBatcher((items) => writer.send(items), es.bulk);
    const deadLetters = new DeadLetterIndex({
      index: anomalyDeadLetterIndexName(naming),
      send: (items) => writer.send(items),
      retry: es.retry,
      fallback: options.context.deadLetters,
      metrics,
      logger: log,
      maxRawBytes: es.deadLetterMaxRawBytes,
      recordNoun: 'anomaly',
    });
    const store = new AnomalyStore({
      naming,
      period: options.indexPeriod,
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
      expectedKinds: ['anomaly'],
      registry,
      logger: log,
      onFatal: (err) => {
        telemetry.setReady(ANOMALIES_READINESS.consumer, false);
        options.context.onFatal('anomalies consumer stopped for good', err);
      },
    });
    await consumer.start();
    telemetry.setReady(ANOMALIES_READINESS.consumer, true);
    log.info({ topic: options.topic, groupId: consumer.settings.groupId }, 'anomalies consumer joined');
  };

  let installed = false;
  const settingUp = setUpInBackground({
    name: 'anomalies',
    retry: es.retry,
    signal: abort.signal,
    log,
    onFatal: (reason, err) => options.context.onFatal(reason, err),
    attempt: async () => {
      if (!installed) await installTemplates();
      installed = true;
      await startConsumer();
    },
    undo: async () => {
      const started = consumer;
      consumer = undefined;
      await started?.stop();
    },
  });

  return {
    name: 'anomalies',
    stop: async () => {
      // Cuts retry waits short; a bulk request under way is still awaited, so a healthy batch commits.
      abort.abort();
      await settingUp;
      await consumer?.stop();
      telemetry.setReady(ANOMALIES_READINESS.consumer, false);
      await client.close();
    },
  };
}
