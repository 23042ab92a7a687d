import { testEnv } from '../support/env';
import { E2E_CONSUMER, type PipelineHarness } from '../support/pipeline-harness';
import type { ServiceProcess } from '../support/service-process';
import type { TcpRelay } from '../support/tcp-relay';

/**
 * The processor chain of the log e2e tests: the built-ins a cluster runs, except kubernetes-metadata (it needs an API
 * server; it has its own integration test). parse-json may keep objects 32 deep: deeper than the 20 levels the
 * sink's `flattened` attributes accept, which gives the bad-input test a real mapping conflict.
 */
export const E2E_LOG_PROCESSORS = [
  { type: 'parse-json', promote: true, maxDepth: 32 },
  { type: 'normalize' },
  { type: 'redact' },
  { type: 'log-templates' },
  { type: 'log-anomalies' },
];

export function collectorLogsConfig(h: PipelineHarness, podsRoot: string): object {
  return {
    ...h.common('e2e-collector-logs'),
    nodeName: 'e2e-node',
    // The harness creates the topics (with the partitions it wants) before any service starts.
    topics: { create: false },
    producer: { compression: 'gzip', maxRecordsPerMessage: 200 },
    discovery: { root: podsRoot, rescanIntervalMs: 1000, watch: true },
    read: { pollIntervalMs: 200, rotateWaitMs: 1000 },
    decode: { flushIntervalMs: 100, partialTimeoutMs: 2000 },
    checkpoint: { dir: h.path('collector-state'), minWriteIntervalMs: 50 },
    publish: { maxInFlightBytes: 8 * 1024 * 1024, retryInitialMs: 200, retryMaxMs: 2000, drainTimeoutMs: 10_000 },
  };
}

export function processorConfig(h: PipelineHarness): object {
  return {
    ...h.common('e2e-processor'),
    pipelines: {
      logs: {
        enabled: true,
        consumer: { ...E2E_CONSUMER, groupId: h.groupId('processor_logs') },
        processors: E2E_LOG_PROCESSORS,
      },
      metrics: { enabled: false },
    },
    state: { redis: { url: testEnv.redisUrl, keyPrefix: h.redisKeyPrefix } },
    batch: { maxRecords: 1000 },
  };
}

/** `esNode`: Elasticsearch itself or a relay to it. Daily indices: this build cannot delete data streams. */
export function sinkConfig(h: PipelineHarness, esNode: string): object {
  return {
    ...h.common('e2e-sink'),
    elasticsearch: {
      node: esNode,
      requestTimeoutMs: 10_000,
      index: { prefix: h.indexPrefix, mode: 'daily', replicas: 0 },
      bulk: { maxDocs: 1000, flushIntervalMs: 50 },
      // Backoff capped at 2 s (default 30 s) so that the catch-up time after an outage measures the pipeline.
      retry: { initialMs: 200, maxMs: 2000, maxElapsedMs: 120_000 },
    },
    pipelines: { logs: { consumer: { ...E2E_CONSUMER, groupId: h.groupId('sink_logs') } } },
  };
}

export interface LogsPipeline {
  collector: ServiceProcess;
  processor: ServiceProcess;
  sink: ServiceProcess;
  /** Between the sink and Elasticsearch. */
  relay: TcpRelay;
  all: ServiceProcess[];
}

/** Topics, then the three services at once (the consumers start from the beginning: nothing is missed). */
export async function startLogsPipeline(h: PipelineHarness, podsRoot: string): Promise<LogsPipeline> {
  await h.createTopics(3);
  const relay = await h.relay(testEnv.elasticsearchUrl);
  const [sink, processor, collector] = await Promise.all([
    h.start('sink', sinkConfig(h, relay.url)),
    h.start('processor', processorConfig(h)),
    h.start('collector-logs', collectorLogsConfig(h, podsRoot)),
  ]);
  return { collector, processor, sink, relay, all: [collector, processor, sink] };
}
