import { Counter, Histogram, Registry } from 'prom-client';

export interface ElasticsearchMetrics {
  docsWritten: Counter;
  duplicates: Counter;
  deadLettered: Counter<'reason'>;
  retries: Counter<'error_type'>;
  bulkRequests: Counter<'result'>;
  bulkDuration: Histogram;
  bulkDocs: Histogram;
  bulkBytes: Histogram;
}

/** What the documents are: names the metrics, so that pipelines sharing the service's registry do not collide. */
export interface MetricsSubject {
  /** After `daytwo_sink_es_`: '' for logs (the original names), `anomalies_` for anomaly events. */
  infix: string;
  /** Capitalised, singular: `Log`, `Anomaly`. */
  noun: string;
}

export const LOG_METRICS: MetricsSubject = { infix: '', noun: 'Log' };
export const ANOMALY_METRICS: MetricsSubject = { infix: 'anomalies_', noun: 'Anomaly' };

/**
 * One pipeline's metrics on `registry` (the service's, from core); a private registry when none is given. Each
 * subject gets its own names: one registry refuses a name twice, and logs and anomalies are counted apart.
 */
export function elasticsearchMetrics(
  registry: Registry = new Registry(),
  subject: MetricsSubject = LOG_METRICS,
): ElasticsearchMetrics {
  const registers = [registry];
  const name = (suffix: string) => `daytwo_sink_es_${subject.infix}${suffix}`;
  return {
    docsWritten: new Counter({
      name: name('docs_written_total'),
      help: `${subject.noun} documents newly stored in Elasticsearch`,
      registers,
    }),
    duplicates: new Counter({
      name: name('duplicates_total'),
      help: `${subject.noun} documents that were already stored (create answered 409 for their id)`,
      registers,
    }),
    deadLettered: new Counter({
      name: name('dead_letter_total'),
      help: `${subject.noun} records written to the dead-letter index instead, by reason`,
      labelNames: ['reason'],
      registers,
    }),
    retries: new Counter({
      name: name('retries_total'),
      help: 'Documents sent again after a retryable failure, by error type',
      labelNames: ['error_type'],
      registers,
    }),
    bulkRequests: new Counter({
      name: name('bulk_requests_total'),
      help: 'Bulk requests by result: ok (answered, items may still have failed) or error (no answer usable)',
      labelNames: ['result'],
      registers,
    }),
    bulkDuration: new Histogram({
      name: name('bulk_duration_seconds'),
      help: 'Latency of bulk requests',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    bulkDocs: new Histogram({
      name: name('bulk_docs'),
      help: 'Documents per bulk request',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
      registers,
    }),
    bulkBytes: new Histogram({
      name: name('bulk_bytes'),
      help: 'Body bytes per bulk request',
      buckets: [1e3, 1e4, 1e5, 5e5, 1e6, 5e6, 1e7, 5e7],
      registers,
    }),
  };
}
