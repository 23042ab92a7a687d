import { BENCH_BROKER } from './kafka-topics';
import { ES_URL } from './elasticsearch';

/** The default log chain of the benchmark: what a fresh install runs on container logs, with redaction. */
export const BENCH_LOG_CHAIN = [
  { type: 'parse-json', promote: true },
  { type: 'normalize' },
  { type: 'redact' },
  { type: 'log-templates' },
];

/** Processor of the logs pipeline only (raw → enriched topics of `topicPrefix`), state in memory. */
export function processorConfig(topicPrefix: string): Record<string, unknown> {
  return {
    kafka: { brokers: BENCH_BROKER.split(','), clientId: 'bench-processor' },
    topicPrefix,
    pipelines: {
      logs: { enabled: true, consumer: { groupId: `${topicPrefix}-processor` }, processors: BENCH_LOG_CHAIN },
      metrics: { enabled: false },
    },
  };
}

/** Sink of the logs pipeline only (enriched topic of `topicPrefix` → daily indices `<indexPrefix>-logs-...`). */
export function sinkConfig(topicPrefix: string, indexPrefix: string): Record<string, unknown> {
  return {
    kafka: { brokers: BENCH_BROKER.split(','), clientId: 'bench-sink' },
    topicPrefix,
    elasticsearch: { node: ES_URL, index: { prefix: indexPrefix, mode: 'daily', shards: 1, replicas: 0 } },
    pipelines: { logs: { enabled: true, consumer: { groupId: `${topicPrefix}-sink` } } },
  };
}
