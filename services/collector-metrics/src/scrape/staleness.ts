import type { SeriesRef } from './series';

/**
 * The series a target exposed in its last successful scrape, to find the ones that disappeared: those get a staleness
 * marker, so Prometheus ends them at once instead of showing the last value for five minutes.
 */
export class SeriesTracker {
  private previous = new Map<string, SeriesRef>();

  /** Records the series of a successful scrape; returns those of the previous scrape that are gone. */
  update(current: Iterable<SeriesRef>): SeriesRef[] {
    const next = new Map<string, SeriesRef>();
    for (const series of current) next.set(series.hash, series);
    const gone: SeriesRef[] = [];
    for (const [hash, series] of this.previous) if (!next.has(hash)) gone.push(series);
    this.previous = next;
    return gone;
  }

  /** Every tracked series, forgotten: the scrape failed or the target went away. */
  clear(): SeriesRef[] {
    const all = [...this.previous.values()];
    this.previous = new Map();
    return all;
  }

  get size(): number {
    return this.previous.size;
  }
}
