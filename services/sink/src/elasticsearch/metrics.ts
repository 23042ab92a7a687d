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

/** The log side's metrics on `registry` (the service's, from core); a private registry when none is given. */
export function elasticsearchMetrics(registry: Registry = new Registry()): ElasticsearchMetrics {
  const registers = [registry];
  return {
    docsWritten: new Counter({
      name: 'daytwo_sink_es_docs_written_total',
      help: 'Log documents newly stored in Elasticsearch',
      registers,
    }),
    duplicates: new Counter({
      name: 'daytwo_sink_es_duplicates_total',
      help: 'Log documents that were already stored (create answered 409 for their id)',
      registers,
    }),
    deadLettered: new Counter({
      name: 'daytwo_sink_es_dead_letter_total',
      help: 'Log records written to the dead-letter index instead, by reason',
      labelNames: ['reason'],
      registers,
    }),
    retries: new Counter({
      name: 'daytwo_sink_es_retries_total',
      help: 'Documents sent again after a retryable failure, by error type',
      labelNames: ['error_type'],
      registers,
    }),
    bulkRequests: new Counter({
      name: 'daytwo_sink_es_bulk_requests_total',
      help: 'Bulk requests by result: ok (answered, items may still have failed) or error (no answer usable)',
      labelNames: ['result'],
      registers,
    }),
    bulkDuration: new Histogram({
      name: 'daytwo_sink_es_bulk_duration_seconds',
      help: 'Latency of bulk requests',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    bulkDocs: new Histogram({
      name: 'daytwo_sink_es_bulk_docs',
      help: 'Documents per bulk request',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
      registers,
    }),
    bulkBytes: new Histogram({
      name: 'daytwo_sink_es_bulk_bytes',
      help: 'Body bytes per bulk request',
      buckets: [1e3, 1e4, 1e5, 5e5, 1e6, 5e6, 1e7, 5e7],
      registers,
    }),
  };
}
