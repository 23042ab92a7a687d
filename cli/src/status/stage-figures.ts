import { topicNames, type TopicNames } from '@daytwo/core';
import type { Stage } from '../config';
import { sumBy, sumOf, type Sample } from './prometheus-text';

/** What one stage of the pipeline did since its start, read from its service's /metrics. */
export interface StageFigures {
  /** `collector-logs`, `processor/logs`, `sink/elasticsearch-logs`... */
  stage: string;
  service: Stage;
  /** Records taken in and passed on (written, for the sink; delivered alerts, for the alerter). */
  in: number;
  out: number;
  /** Dead-lettered records by reason. */
  deadLetters: Record<string, number>;
  /** Failures that were retried or counted, by what failed. */
  errors: Record<string, number>;
  /** Stage-specific numbers: duplicates, anomalies, alerts, queued and failed deliveries. */
  notes: Record<string, number>;
}

const consumed = (samples: readonly Sample[], topic: string) =>
  sumOf(samples, 'daytwo_kafka_consumed_records_total', { topic });

function merge(...parts: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of parts) for (const [k, v] of Object.entries(part)) if (v !== 0) out[k] = (out[k] ?? 0) + v;
  return out;
}

function kafkaDeadLetters(samples: readonly Sample[], topic: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name === 'daytwo_kafka_dead_letters_total' && s.labels.topic === topic) {
      const reason = s.labels.reason ?? '';
      out[reason] = (out[reason] ?? 0) + s.value;
    }
  }
  return out;
}

const notOk = (v: string) => !/^2\d\d$/.test(v);

function processorStage(samples: readonly Sample[], pipeline: 'logs' | 'metrics', input: string): StageFigures {
  return {
    stage: `processor/${pipeline}`,
    service: 'processor',
    in: consumed(samples, input),
    out: sumOf(samples, 'daytwo_processor_published_records_total', { pipeline }),
    deadLetters: merge(
      Object.fromEntries(
        samples
          .filter((s) => s.name === 'daytwo_processor_dead_letter_total' && s.labels.pipeline === pipeline)
          .map((s) => [s.labels.reason ?? '', s.value]),
      ),
      kafkaDeadLetters(samples, input),
    ),
    errors: merge({ 'processor errors': sumOf(samples, 'daytwo_processor_records_errors_total', { pipeline }) }),
    notes: merge({ anomalies: sumOf(samples, 'daytwo_processor_anomalies_published_total', { pipeline }) }),
  };
}

/**
 * The stages one service's samples describe. A service runs one or two stages (the processor and the sink have a
 * logs and a metrics side); a side that is not running shows zeros.
 */
export function stageFigures(service: Stage, samples: readonly Sample[], topicPrefix: string): StageFigures[] {
  const topics: TopicNames = topicNames(topicPrefix === '' ? undefined : topicPrefix);
  switch (service) {
    case 'collector-logs':
      return [
        {
          stage: service,
          service,
          in: sumOf(samples, 'daytwo_collector_logs_lines_read_total'),
          out: sumOf(samples, 'daytwo_collector_logs_records_published_total'),
          deadLetters: merge(sumBy(samples, 'daytwo_collector_logs_dead_letter_total', 'reason')),
          errors: merge({ 'publish retries': sumOf(samples, 'daytwo_collector_logs_publish_retries_total') }),
          notes: {},
        },
      ];
    case 'collector-metrics':
      return [
        {
          stage: service,
          service,
          in: sumOf(samples, 'daytwo_scraped_samples_total'),
          out: sumOf(samples, 'daytwo_samples_published_total'),
          deadLetters: {},
          errors: merge(
            sumBy(samples, 'daytwo_scrape_failures_total', 'reason'),
            { dropped: sumOf(samples, 'daytwo_samples_dropped_total') },
            { 'publish retries': sumOf(samples, 'daytwo_publish_retries_total') },
          ),
          notes: merge({ targets: sumOf(samples, 'daytwo_scrape_targets', { state: 'up' }) }),
        },
      ];
    case 'processor':
      return [processorStage(samples, 'logs', topics.logsRaw), processorStage(samples, 'metrics', topics.metricsRaw)];
    case 'sink':
      return [
        {
          stage: 'sink/elasticsearch-logs',
          service,
          in: consumed(samples, topics.logsEnriched),
          out: sumOf(samples, 'daytwo_sink_es_docs_written_total'),
          deadLetters: merge(
            sumBy(samples, 'daytwo_sink_es_dead_letter_total', 'reason'),
            kafkaDeadLetters(samples, topics.logsEnriched),
          ),
          errors: merge(
            { 'bulk errors': sumOf(samples, 'daytwo_sink_es_bulk_requests_total', { result: 'error' }) },
            { retries: sumOf(samples, 'daytwo_sink_es_retries_total') },
          ),
          notes: merge({ duplicates: sumOf(samples, 'daytwo_sink_es_duplicates_total') }),
        },
        {
          stage: 'sink/elasticsearch-anomalies',
          service,
          in: consumed(samples, topics.anomalies),
          out: sumOf(samples, 'daytwo_sink_es_anomalies_docs_written_total'),
          deadLetters: merge(
            sumBy(samples, 'daytwo_sink_es_anomalies_dead_letter_total', 'reason'),
            kafkaDeadLetters(samples, topics.anomalies),
          ),
          errors: merge({
            'bulk errors': sumOf(samples, 'daytwo_sink_es_anomalies_bulk_requests_total', { result: 'error' }),
          }),
          notes: merge({ duplicates: sumOf(samples, 'daytwo_sink_es_anomalies_duplicates_total') }),
        },
        {
          stage: 'sink/remote-write',
          service,
          in: consumed(samples, topics.metricsProcessed),
          out: sumOf(samples, 'daytwo_sink_remote_write_samples_written_total'),
          deadLetters: merge(
            sumBy(samples, 'daytwo_sink_remote_write_dead_letter_total', 'reason'),
            kafkaDeadLetters(samples, topics.metricsProcessed),
          ),
          errors: merge(
            { 'failed requests': sumOf(samples, 'daytwo_sink_remote_write_requests_total', { status: notOk }) },
            { retries: sumOf(samples, 'daytwo_sink_remote_write_retries_total') },
          ),
          notes: {},
        },
      ];
    case 'alerter':
      return [
        {
          stage: service,
          service,
          in: consumed(samples, topics.anomalies),
          out: sumOf(samples, 'daytwo_alerter_deliveries_total', { outcome: 'ok' }),
          deadLetters: merge(
            sumBy(samples, 'daytwo_alerter_dead_letter_total', 'reason'),
            kafkaDeadLetters(samples, topics.anomalies),
          ),
          errors: merge({
            'delivery retries': sumOf(samples, 'daytwo_alerter_deliveries_total', { outcome: 'retried' }),
          }),
          // Zeros shown too: "nothing queued, nothing failed" is the answer an operator looks for here.
          notes: {
            alerts: sumOf(samples, 'daytwo_alerter_alerts_created_total'),
            queued: sumOf(samples, 'daytwo_alerter_queue_jobs', { state: (s) => s !== 'failed' }),
            'failed deliveries': sumOf(samples, 'daytwo_alerter_queue_jobs', { state: 'failed' }),
          },
        },
      ];
  }
}
