import { BatchConsumer, redisConnectionOptions, type ConsumerSettingsInput } from '@daytwo/core';
import IORedis from 'ioredis';
import { setUpInBackground } from '../pipeline-setup';
import type { PipelineContext, SinkPipeline } from '../pipeline';
import type { RemoteWriteConfig, SinkStateConfig } from './config';
import { HttpEndpoint } from './http-endpoint';
import { LastSampleQuery } from './last-sample-query';
import { MetricStore } from './metric-store';
import { remoteWriteMetrics } from './remote-write-metrics';
import { RequestWriter } from './request-writer';
import { SeriesStateStore } from './series-state-store';
import { SeriesWatermarks } from './series-watermarks';
import { Shard } from './shard';

export interface MetricsPipelineOptions {
  remoteWrite: RemoteWriteConfig;
  state: SinkStateConfig;
  consumer: ConsumerSettingsInput;
  /** The processed metrics topic. */
  topic: string;
  context: PipelineContext;
}

export const METRICS_READINESS = {
  redis: 'redis-remote-write-state',
  consumer: 'kafka-consumer-metrics',
} as const;

function connectRedis(state: SinkStateConfig, onError: (err: Error) => void): IORedis {
  const { redis } = state;
  const client = new IORedis(redis.url, {
    // TLS files are read here, once: an unreadable one stops the sink at start.
    ...redisConnectionOptions(redis, 'state.redis'),
    keyPrefix: redis.keyPrefix,
    connectTimeout: redis.connectTimeoutMs,
    commandTimeout: redis.commandTimeoutMs,
    // Fail calls fast while Redis is away; the shards' backoff does the waiting.
    maxRetriesPerRequest: 1,
  });
  let lastError: string | undefined;
  client.on('error', (err: Error) => {
    if (err.message !== lastError) onError(err);
    lastError = err.message;
  });
  client.on('ready', () => {
    lastError = undefined;
  });
  return client;
}

/**
 * Processed metrics → Prometheus remote write. Returns at once; in the background it joins the consumer group
 * (retrying while Kafka is unreachable). Readiness: Redis connected, consumer joined.
 */
export function startMetricsPipeline(options: MetricsPipelineOptions): SinkPipeline {
  const { remoteWrite: rw, state } = options;
  const { logger, telemetry, registry } = options.context;
  const log = logger.child({ pipeline: 'metrics' });
  // Throws for unreadable certificate files: a config error, the service does not start.
  const http = new HttpEndpoint({
    auth: rw.auth,
    tls: rw.tls,
    headers: rw.headers,
    requestTimeoutMs: rw.requestTimeoutMs,
    keyPrefix: 'remoteWrite',
  });
  const redis = connectRedis(state, (err) => log.warn({ err }, 'redis (remote-write state) connection error'));
  const metrics = remoteWriteMetrics(registry);
  const abort = new AbortController();
  let consumer: BatchConsumer | undefined;
  telemetry.addReadinessCheck(METRICS_READINESS.redis, () => redis.status === 'ready');
  telemetry.setReady(METRICS_READINESS.consumer, false);
  if (rw.queryUrl === undefined) {
    log.warn('remoteWrite.queryUrl is not set: after a crash, requests whose answer was lost are sent again');
  }

  const watermarks = new SeriesWatermarks({
    store: new SeriesStateStore(redis, state.seriesTtlSeconds * 1000),
    query: rw.queryUrl === undefined ? undefined : new LastSampleQuery(http, rw.queryUrl),
    maxSeriesInMemory: state.maxSeriesInMemory,
    metrics,
    logger: log,
  });
  const writer = new RequestWriter({
    http,
    url: new URL(rw.url),
    watermarks,
    retry: rw.retry,
    metrics,
    logger: log,
    signal: abort.signal,
  });
  const shards = Array.from(
    { length: rw.shards },
    (_, index) =>
      new Shard({
        index,
        writer,
        maxSamples: rw.batch.maxSamples,
        maxDelayMs: rw.batch.maxDelayMs,
        queueSamples: metrics.queueSamples,
        logger: log,
        signal: abort.signal,
      }),
  );
  const store = new MetricStore({
    shards: { count: shards.length, enqueue: (shard, samples) => shards[shard]!.enqueue(samples) },
    deadLetters: options.context.deadLetters,
    metrics,
  });

  const startConsumer = async (): Promise<void> => {
    consumer = new BatchConsumer(options.context.kafka, {
      topics: [options.topic],
      settings: options.consumer,
      handler: async (batch) => {
        const report = await store.write(batch.records);
        log.debug({ topic: batch.topic, partition: batch.partition, ...report }, 'batch written');
      },
      deadLetters: options.context.deadLetters,
      expectedKinds: ['metric'],
      registry,
      logger: log,
      onFatal: (err) => {
        telemetry.setReady(METRICS_READINESS.consumer, false);
        options.context.onFatal('metrics consumer stopped for good', err);
      },
    });
    await consumer.start();
    telemetry.setReady(METRICS_READINESS.consumer, true);
    log.info({ topic: options.topic, groupId: consumer.settings.groupId, url: rw.url }, 'metrics consumer joined');
  };

  const settingUp = setUpInBackground({
    name: 'metrics',
    retry: rw.retry,
    signal: abort.signal,
    log,
    onFatal: (reason, err) => options.context.onFatal(reason, err),
    attempt: startConsumer,
    undo: async () => {
      const started = consumer;
      consumer = undefined;
      await started?.stop();
    },
  });

  return {
    name: 'metrics',
    stop: async () => {
      // Waits are cut short: queued samples are still sent once, a request under way is awaited, and a batch whose
      // samples were not all settled is not committed (it is consumed again after the restart).
      abort.abort();
      await settingUp;
      await consumer?.stop();
      await Promise.all(shards.map((s) => s.stop()));
      telemetry.setReady(METRICS_READINESS.consumer, false);
      telemetry.removeReadinessCheck(METRICS_READINESS.redis);
      http.close();
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
