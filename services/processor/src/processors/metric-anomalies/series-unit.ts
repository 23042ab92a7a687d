import type { AnomalyEvent, Workload } from '@daytwo/core';
import {
  bucketIncreases,
  CounterRateTracker,
  histogramQuantile,
  type CounterPoint,
  type DetectorConfig,
  type HistogramBucket,
  type SeriesRef,
} from '../../anomaly/metric';
import {
  HistogramScrapes,
  parseBucketBound,
  type HistogramScrape,
  type HistogramScrapesState,
} from './histogram-scrapes';
import type { SampleRoute, UnitKind } from './sample-route';
import { workloadOfSeries } from './series-workload';
import { WatchedSeries, type AlertRules, type WatchedSeriesState } from './watched-series';

export interface UnitRules extends AlertRules {
  detector: DetectorConfig;
  quantiles: readonly number[];
  maxPendingScrapes: number;
}

/** One unit as stored (see unit-json.ts). */
export interface SeriesUnitState {
  version: 1;
  key: string;
  kind: UnitKind;
  source: SeriesRef;
  clock: number | null;
  counter?: CounterPoint | null;
  histogram?: { scrapes: HistogramScrapesState; previous: [le: string, count: number][] | null };
  watched: WatchedSeriesState[];
}

/** What feeding one sample did. */
export interface UnitOutcome {
  events: AnomalyEvent[];
  /** A histogram bucket of a scrape already taken. */
  late?: boolean;
  /** Histogram scrapes without a `+Inf` bucket, which give no quantile. */
  incomplete?: number;
}

/** `0.99` → `p99`, `0.999` → `p99_9`: a quantile series name suffix made of metric-name characters. */
export function quantileSuffix(q: number): string {
  return `p${String(Number((q * 100).toPrecision(10))).replace('.', '_')}`;
}

function watchedNames(kind: UnitKind, source: SeriesRef, quantiles: readonly number[]): string[] {
  if (kind === 'gauge') return [source.name];
  if (kind === 'counter') return [`${source.name}:rate`];
  return quantiles.map((q) => `${source.name}:${quantileSuffix(q)}`);
}

const boundText = (b: HistogramBucket) => (b.le === Infinity ? '+Inf' : String(b.le));

/**
 * The detection state of one input series (or one histogram's buckets of one label set): how samples become detector
 * inputs (as they are, a counter's rate, quantiles of bucket increases) and the watched series they feed.
 */
export class SeriesUnit {
  readonly workload: Workload | undefined;
  /** Newest sample timestamp fed (event time): the newer of two copies of a unit is the one further on. */
  clock: number | undefined;
  private readonly counter: CounterRateTracker | undefined;
  private readonly scrapes: HistogramScrapes | undefined;
  private previous: HistogramBucket[] | undefined;

  private constructor(
    readonly key: string,
    readonly kind: UnitKind,
    readonly source: SeriesRef,
    private readonly watched: WatchedSeries[],
    rules: UnitRules,
    state?: SeriesUnitState,
  ) {
    this.workload = workloadOfSeries(source.labels);
    this.clock = state?.clock ?? undefined;
    if (kind === 'counter') this.counter = new CounterRateTracker(state?.counter ?? undefined);
    if (kind === 'histogram' || kind === 'gaugehistogram') {
      this.scrapes = new HistogramScrapes(rules.maxPendingScrapes, state?.histogram?.scrapes);
      this.previous = state?.histogram?.previous?.map(([le, count]) => ({ le: parseBucketBound(le), count }));
    }
  }

  static create(route: SampleRoute, rules: UnitRules): SeriesUnit {
    const source = { name: route.source.name, labels: { ...route.source.labels } };
    const names = watchedNames(route.kind, source, rules.quantiles);
    const watched = names.map((name) => WatchedSeries.fresh({ name, labels: source.labels }, rules.detector));
    return new SeriesUnit(route.key, route.kind, source, watched, rules);
  }

  /**
   * Restores a stored unit; throws on a state that cannot be restored. Quantiles no longer configured are dropped and
   * new ones start learning.
   */
  static fromJSON(state: SeriesUnitState, rules: UnitRules): SeriesUnit {
    const restored = new Map(state.watched.map((w) => [w.series.name, w]));
    const watched = watchedNames(state.kind, state.source, rules.quantiles).map((name) => {
      const saved = restored.get(name);
      return saved
        ? WatchedSeries.fromJSON(saved)
        : WatchedSeries.fresh({ name, labels: state.source.labels }, rules.detector);
    });
    return new SeriesUnit(state.key, state.kind, state.source, watched, rules, state);
  }

  /** Detectors held (memory weight). */
  get size(): number {
    return this.watched.length;
  }

  observe(route: SampleRoute, timestamp: number, value: number, rules: UnitRules): UnitOutcome {
    const events: AnomalyEvent[] = [];
    const feed = (w: WatchedSeries, v: number) => {
      const event = w.observe(timestamp, v, rules, this.workload);
      if (event !== undefined) events.push(event);
    };
    if (this.clock === undefined || timestamp > this.clock) this.clock = timestamp;
    if (this.counter !== undefined) {
      const rate = this.counter.update(timestamp, value);
      if (rate !== undefined) feed(this.watched[0]!, rate);
      return { events };
    }
    if (this.scrapes === undefined || route.le === undefined) {
      feed(this.watched[0]!, value);
      return { events };
    }
    const ready = this.scrapes.add(timestamp, route.le, value);
    if (ready === 'late') return { events, late: true };
    let incomplete = 0;
    for (const scrape of ready) {
      if (!scrape.buckets.some((b) => b.le === Infinity)) incomplete++;
      else this.observeScrape(scrape, rules, events);
    }
    return { events, incomplete };
  }

  toJSON(): SeriesUnitState {
    const state: SeriesUnitState = {
      version: 1,
      key: this.key,
      kind: this.kind,
      source: this.source,
      clock: this.clock ?? null,
      watched: this.watched.map((w) => w.toJSON()),
    };
    if (this.counter !== undefined) state.counter = this.counter.toJSON();
    if (this.scrapes !== undefined) {
      const previous = this.previous?.map((b): [string, number] => [boundText(b), b.count]) ?? null;
      state.histogram = { scrapes: this.scrapes.toJSON(), previous };
    }
    return state;
  }

  private observeScrape(scrape: HistogramScrape, rules: UnitRules, events: AnomalyEvent[]): void {
    let counts = scrape.buckets;
    if (this.kind === 'histogram') {
      const previous = this.previous;
      this.previous = scrape.buckets;
      if (previous === undefined) return;
      // Only bounds present in both scrapes have an increase (one of them may be partial).
      const known = new Set(previous.map((b) => b.le));
      counts = bucketIncreases(
        previous,
        scrape.buckets.filter((b) => known.has(b.le)),
      );
      if (!counts.some((b) => b.le === Infinity)) return;
    }
    rules.quantiles.forEach((q, i) => {
      const v = histogramQuantile(q, counts);
      // NaN: no observations in the interval, so no quantile either.
      if (!Number.isFinite(v)) return;
      const event = this.watched[i]!.observe(scrape.timestamp, v, rules, this.workload);
      if (event !== undefined) events.push(event);
    });
  }
}
