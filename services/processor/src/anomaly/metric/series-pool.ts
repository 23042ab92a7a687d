import type { DetectorConfig } from './config';
import { resolveDetectorConfig } from './config';
import { type Detection, MetricAnomalyDetector } from './detector';

export interface SeriesRef {
  name: string;
  labels: Readonly<Record<string, string>>;
}

/** Canonical id of a series: `name{a="1",b="2"}` with labels sorted, so label order never splits a series. */
export function seriesId(series: SeriesRef): string {
  const labels = Object.keys(series.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(series.labels[k])}`)
    .join(',');
  return `${series.name}{${labels}}`;
}

export interface SeriesDetectorPoolOptions {
  /** At most this many series keep a detector; the least recently updated one is evicted beyond it. */
  maxSeries: number;
  detector?: Partial<DetectorConfig>;
}

export interface SeriesDetectorPoolState {
  version: 1;
  evicted: number;
  /** Least recently updated first. */
  series: { series: SeriesRef; detector: unknown }[];
}

/** A pool option is invalid or a saved pool cannot be restored. */
export class SeriesPoolError extends Error {
  override name = 'SeriesPoolError';
}

/**
 * One detector per series with memory bounded by `maxSeries` detectors (each O(historySize)). Map order is recency
 * order: an update moves its series to the end, eviction takes the first.
 */
export class SeriesDetectorPool {
  private readonly detectors = new Map<string, { series: SeriesRef; detector: MetricAnomalyDetector }>();
  private readonly detectorConfig: DetectorConfig;
  private evictedCount = 0;

  constructor(readonly options: SeriesDetectorPoolOptions) {
    if (!Number.isInteger(options.maxSeries) || options.maxSeries < 1) {
      throw new SeriesPoolError(`maxSeries: expected an integer >= 1, got ${options.maxSeries}`);
    }
    this.detectorConfig = resolveDetectorConfig(options.detector);
  }

  /** Series currently tracked. */
  get size(): number {
    return this.detectors.size;
  }

  /** Series dropped so far to respect `maxSeries` (their history is lost; they start learning again if seen). */
  get evicted(): number {
    return this.evictedCount;
  }

  has(series: SeriesRef): boolean {
    return this.detectors.has(seriesId(series));
  }

  update(series: SeriesRef, timestamp: number, value: number): Detection {
    const id = seriesId(series);
    let entry = this.detectors.get(id);
    if (entry === undefined) {
      entry = {
        series: { name: series.name, labels: { ...series.labels } },
        detector: new MetricAnomalyDetector(this.detectorConfig),
      };
    } else {
      this.detectors.delete(id);
    }
    this.detectors.set(id, entry);
    this.evictBeyondLimit();
    return entry.detector.update(timestamp, value);
  }

  toJSON(): SeriesDetectorPoolState {
    return {
      version: 1,
      evicted: this.evictedCount,
      series: [...this.detectors.values()].map((e) => ({ series: e.series, detector: e.detector.toJSON() })),
    };
  }

  /** Restores a pool; with a smaller `maxSeries` than before, the least recently updated series are evicted. */
  static fromJSON(json: unknown, options: SeriesDetectorPoolOptions): SeriesDetectorPool {
    const state = json as Partial<SeriesDetectorPoolState> | null;
    if (state?.version !== 1 || !Array.isArray(state.series) || typeof state.evicted !== 'number') {
      throw new SeriesPoolError('saved pool: expected {version: 1, evicted, series: [...]}');
    }
    const pool = new SeriesDetectorPool(options);
    pool.evictedCount = state.evicted;
    for (const entry of state.series) {
      const series = entry?.series;
      if (typeof series?.name !== 'string' || typeof series.labels !== 'object' || series.labels === null) {
        throw new SeriesPoolError('saved pool: a series needs a name and labels');
      }
      pool.detectors.set(seriesId(series), { series, detector: MetricAnomalyDetector.fromJSON(entry.detector) });
    }
    pool.evictBeyondLimit();
    return pool;
  }

  private evictBeyondLimit(): void {
    while (this.detectors.size > this.options.maxSeries) {
      const oldest = this.detectors.keys().next().value;
      if (oldest === undefined) return;
      this.detectors.delete(oldest);
      this.evictedCount++;
    }
  }
}
