import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface PublishMetrics {
  published: Counter;
  dropped: Counter<'reason'>;
  retries: Counter;
  /** From the end of a scrape to Kafka's acknowledgement of all its samples. */
  latency: Histogram;
  pending: Gauge;
}

export function publishMetrics(registry: Registry): PublishMetrics {
  return {
    published: new Counter({
      name: 'daytwo_samples_published_total',
      help: 'Samples (staleness markers included) acknowledged by Kafka',
      registers: [registry],
    }),
    dropped: new Counter({
      name: 'daytwo_samples_dropped_total',
      help: 'Samples given up: rejected by Kafka for good, or still unpublished when shutdown timed out',
      labelNames: ['reason'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'daytwo_publish_retries_total',
      help: 'Publish attempts repeated after a retryable Kafka failure',
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'daytwo_publish_duration_seconds',
      help: 'Time from the end of a scrape until Kafka acknowledged its samples',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    pending: new Gauge({
      name: 'daytwo_publish_pending_samples',
      help: 'Samples waiting for Kafka acknowledgement',
      registers: [registry],
    }),
  };
}
