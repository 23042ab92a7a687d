import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type TargetState = 'unknown' | 'up' | 'down';
export const TARGET_STATES: readonly TargetState[] = ['unknown', 'up', 'down'];

export interface ScrapeMetrics {
  scrapes: Counter<'result'>;
  failures: Counter<'reason'>;
  skipped: Counter<'reason'>;
  duration: Histogram;
  samplesScraped: Counter;
  staleMarkers: Counter;
}

/** The collector's own scrape metrics; `targetStates` is read at each collection of `daytwo_scrape_targets`. */
export function scrapeMetrics(registry: Registry, targetStates: () => Record<TargetState, number>): ScrapeMetrics {
  new Gauge({
    name: 'daytwo_scrape_targets',
    help: 'Targets by the state of their last scrape (unknown: not scraped yet)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = targetStates();
      for (const state of TARGET_STATES) this.set({ state }, counts[state]);
    },
  });
  return {
    scrapes: new Counter({
      name: 'daytwo_scrapes_total',
      help: 'Scrapes done, by result (success, failure)',
      labelNames: ['result'],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'daytwo_scrape_failures_total',
      help: 'Failed scrapes by reason (timeout, connection, http_status, body_size_limit, decompression, parse...)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    skipped: new Counter({
      name: 'daytwo_scrapes_skipped_total',
      help: 'Scrapes not done, by reason (publish_backlog: the previous results of the target are not in Kafka yet)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'daytwo_scrape_duration_seconds',
      help: 'Duration of scrapes (request, read and parse)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    samplesScraped: new Counter({
      name: 'daytwo_scraped_samples_total',
      help: 'Samples taken from targets after metric_relabel_configs',
      registers: [registry],
    }),
    staleMarkers: new Counter({
      name: 'daytwo_stale_markers_total',
      help: 'Staleness markers emitted for series that disappeared, failed scrapes and removed targets',
      registers: [registry],
    }),
  };
}
