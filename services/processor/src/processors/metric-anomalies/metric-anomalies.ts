import type { MetricSample } from '@daytwo/core';
import { defineProcessor, type Processor, type ProcessorContext } from '@daytwo/processor-api';
import { resolveDetectorConfig } from '../../anomaly/metric';
import type { PersistedPoolStats } from '../shared/persisted-pool';
import { MetricAnomaliesConfig } from './config';
import { SampleRouter, type SampleRoute, type SkipReason } from './sample-route';
import { SeriesUnit, type UnitRules } from './series-unit';
import { createUnitPool, type UnitPool } from './unit-pool';

export interface MetricAnomaliesStats extends PersistedPoolStats {
  /** Series units in memory (an input series, or a histogram's buckets of one label set). */
  units: number;
  /** Detectors in memory (bounded by `maxSeries`). */
  detectors: number;
  firing: number;
  resolved: number;
  /** Samples not detected on, by reason (they pass on all the same). */
  skipped: Record<SkipReason, number>;
  /** Histogram buckets of a scrape already taken. */
  late: number;
  /** Histogram scrapes without a `+Inf` bucket. */
  incomplete: number;
  /** Samples the detectors failed on (passed on unchanged, logged once). */
  failed: number;
}

/** The running processor; `persist` does now what the timer does, for tests and shutdown. */
export interface MetricAnomaliesProcessor extends Processor<'metric'> {
  stats(): MetricAnomaliesStats;
  /** Writes changed series state (unless the stored copy is further on) and drops idle series. */
  persist(now?: number): Promise<void>;
  /** Writes every changed series state. */
  close(): Promise<void>;
}

function unitRules(config: MetricAnomaliesConfig): UnitRules {
  const overrides = Object.fromEntries(Object.entries(config.detector).filter(([, v]) => v !== undefined));
  return {
    threshold: config.threshold,
    resolveAfterSamples: config.resolveAfterSamples,
    detector: resolveDetectorConfig(overrides),
    quantiles: config.histogram.quantiles,
    maxPendingScrapes: config.histogram.maxPendingScrapes,
  };
}

class MetricAnomalies implements MetricAnomaliesProcessor {
  private readonly rules: UnitRules;
  private readonly router: SampleRouter;
  private readonly pool: UnitPool;
  private readonly counts = { firing: 0, resolved: 0, late: 0, incomplete: 0, failed: 0 };
  private readonly skipped: Record<SkipReason, number> = { stale: 0, notFinite: 0, type: 0, filtered: 0, part: 0 };
  private persisting: Promise<void> | undefined;
  private writing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private failureLogged = false;

  constructor(
    private readonly config: MetricAnomaliesConfig,
    private readonly ctx: ProcessorContext,
  ) {
    this.rules = unitRules(config);
    this.router = new SampleRouter(config);
    this.pool = createUnitPool(ctx.state, ctx.logger, this.rules, config.maxSeries);
    this.timer = setInterval(() => void this.persist(), config.persist.intervalSeconds * 1000);
    this.timer.unref();
  }

  async process(batch: MetricSample[]): Promise<MetricSample[]> {
    const now = Date.now();
    const routed: Array<[SampleRoute, MetricSample]> = [];
    for (const sample of batch) {
      const route = this.router.route(sample);
      if (typeof route === 'string') this.skipped[route]++;
      else routed.push([route, sample]);
    }
    // All state reads happen before any state changes: when the store is down the batch is retried, not half-fed.
    await this.pool.load(
      routed.map(([route]) => route.key),
      now,
    );
    for (const [route, sample] of routed) {
      try {
        this.observe(route, sample, now);
      } catch (err) {
        this.counts.failed++;
        if (!this.failureLogged) this.ctx.logger.error({ err }, 'metric-anomalies: detector failed on a sample');
        this.failureLogged = true;
      }
    }
    // Evicted series are written at once, so that a stream of many series does not wait for the persist timer.
    if (this.pool.pendingCount > 0) this.writing ??= this.pool.writePending().finally(() => (this.writing = undefined));
    return batch;
  }

  persist(now = Date.now()): Promise<void> {
    // After the evicted series being written, so that none is written twice.
    const idleBefore = now - this.config.persist.idleSeconds * 1000;
    this.persisting ??= Promise.resolve(this.writing)
      .then(() => this.pool.persist(idleBefore))
      .finally(() => {
        this.persisting = undefined;
        this.ctx.logger.debug({ stats: this.stats() }, 'metric-anomalies: state written');
      });
    return this.persisting;
  }

  stats(): MetricAnomaliesStats {
    return {
      ...this.pool.stats,
      ...this.counts,
      units: this.pool.size,
      detectors: this.pool.weight,
      skipped: { ...this.skipped },
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([this.persisting, this.writing]);
    await this.pool.persist(Number.NEGATIVE_INFINITY);
  }

  private observe(route: SampleRoute, sample: MetricSample, now: number): void {
    const entry = this.pool.acquire(route.key, now, () => SeriesUnit.create(route, this.rules));
    const outcome = entry.state.observe(route, sample.timestamp, sample.value, this.rules);
    entry.dirty = true;
    if (outcome.late) this.counts.late++;
    this.counts.incomplete += outcome.incomplete ?? 0;
    for (const event of outcome.events) {
      this.ctx.emitAnomaly(event);
      this.counts[event.status]++;
    }
  }
}

export function createMetricAnomalies(config: MetricAnomaliesConfig, ctx: ProcessorContext): MetricAnomaliesProcessor {
  return new MetricAnomalies(config, ctx);
}

export const metricAnomalies = defineProcessor({
  type: 'metric-anomalies',
  description:
    'Streaming anomaly detection per series: gauges as they are, counters as rates, histograms as quantiles of their ' +
    'bucket increases. Emits AnomalyEvents (firing, then resolved) with the series, value, expected range, score and ' +
    'reason; passes samples on unchanged. Detector state is kept per series in the state store.',
  kinds: ['metric'],
  configSchema: MetricAnomaliesConfig,
  create: createMetricAnomalies,
});
