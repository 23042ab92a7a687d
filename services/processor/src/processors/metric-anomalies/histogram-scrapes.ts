import type { HistogramBucket } from '../../anomaly/metric';

/** One scrape of one histogram: its cumulative buckets at one timestamp. */
export interface HistogramScrape {
  timestamp: number;
  buckets: HistogramBucket[];
}

/** What an assembler keeps across restarts. */
export interface HistogramScrapesState {
  /** Bucket bounds (label text) of the histogram: a scrape holding all of them is complete. */
  layout: string[];
  /** Timestamp of the newest scrape taken; buckets at or before it are late. */
  lastTaken: number | null;
}

/** Bucket bound label text to a number (`+Inf` as Prometheus writes it); NaN when it is not a number. */
export function parseBucketBound(le: string): number {
  if (le === '+Inf' || le === 'Inf' || le === '+inf' || le === 'inf') return Infinity;
  const trimmed = le.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/**
 * Gathers the bucket samples of one histogram into scrapes. Buckets of one scrape arrive as separate samples and, since
 * Kafka keys are per series, possibly from different partitions in different batches, in any order across buckets.
 * A scrape is taken when it has every bound seen so far (including `+Inf`); older scrapes still waiting are taken
 * first, as they are. More than `maxPending` scrapes waiting means a bucket is not coming (gone from the exposition, or
 * its partition lags): the oldest is taken as it is and the expected bounds become those still arriving. A partial
 * scrape still gives a valid, coarser quantile as long as it has `+Inf` (buckets are cumulative).
 */
export class HistogramScrapes {
  private readonly pending = new Map<number, Map<string, number>>();
  private readonly layout: Set<string>;
  private lastTaken: number | undefined;

  constructor(
    private readonly maxPending: number,
    state?: HistogramScrapesState,
  ) {
    this.layout = new Set(state?.layout ?? []);
    this.lastTaken = state?.lastTaken ?? undefined;
  }

  /** Adds one bucket sample; returns the scrapes ready now, oldest first, or 'late' for a bucket of a taken scrape. */
  add(timestamp: number, le: string, count: number): HistogramScrape[] | 'late' {
    // A late bucket still tells that its bound exists: later scrapes wait for it.
    this.layout.add(le);
    if (this.lastTaken !== undefined && timestamp <= this.lastTaken) return 'late';
    let scrape = this.pending.get(timestamp);
    if (scrape === undefined) {
      scrape = new Map();
      this.pending.set(timestamp, scrape);
    }
    scrape.set(le, count);
    if (scrape.has('+Inf') && scrape.size >= this.layout.size) return this.takeUpTo(timestamp);
    if (this.pending.size <= this.maxPending) return [];
    const oldest = Math.min(...this.pending.keys());
    this.layout.clear();
    for (const waiting of this.pending.values()) for (const bound of waiting.keys()) this.layout.add(bound);
    return this.takeUpTo(oldest);
  }

  toJSON(): HistogramScrapesState {
    return { layout: [...this.layout], lastTaken: this.lastTaken ?? null };
  }

  private takeUpTo(timestamp: number): HistogramScrape[] {
    const ready = [...this.pending.keys()].filter((t) => t <= timestamp).sort((a, b) => a - b);
    const out: HistogramScrape[] = [];
    for (const t of ready) {
      const buckets: HistogramBucket[] = [];
      for (const [le, count] of this.pending.get(t)!) {
        const bound = parseBucketBound(le);
        if (!Number.isNaN(bound)) buckets.push({ le: bound, count });
      }
      this.pending.delete(t);
      out.push({ timestamp: t, buckets: buckets.sort((a, b) => a.le - b.le) });
    }
    this.lastTaken = timestamp;
    return out;
  }
}
