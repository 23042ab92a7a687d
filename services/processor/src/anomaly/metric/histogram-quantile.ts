/** One cumulative histogram bucket: `count` observations were <= `le` (the last bucket has le = +Infinity). */
export interface HistogramBucket {
  le: number;
  count: number;
}

/** A histogram that cannot give a quantile. */
export class HistogramError extends Error {
  override name = 'HistogramError';
}

/**
 * Quantile estimate from cumulative buckets, with Prometheus `histogram_quantile` semantics: linear interpolation
 * inside the bucket holding the rank, the lower edge of the first bucket taken as 0 (when its bound is positive),
 * the largest finite bound when the rank falls in the +Inf bucket, NaN for an empty histogram, -Inf/+Inf for q
 * outside [0, 1]. Counts that decrease with `le` (scrape races) are raised to stay monotonic, as Prometheus does.
 */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const last = sorted[sorted.length - 1];
  if (last === undefined || last.le !== Infinity) throw new HistogramError('histogram needs a +Inf bucket');
  if (sorted.length < 2) return Number.NaN;
  let running = 0;
  const counts = sorted.map((b) => (running = Math.max(running, b.count)));
  const total = counts[counts.length - 1]!;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let i = counts.findIndex((c) => c >= rank);
  if (i < 0) i = counts.length - 1;
  if (i === sorted.length - 1) return sorted[sorted.length - 2]!.le;
  const end = sorted[i]!.le;
  if (i === 0 && end <= 0) return end;
  const start = i === 0 ? 0 : sorted[i - 1]!.le;
  const below = i === 0 ? 0 : counts[i - 1]!;
  const inBucket = counts[i]! - below;
  return inBucket > 0 ? start + ((end - start) * (rank - below)) / inBucket : end;
}

/**
 * Per-bucket increases between two scrapes of the same histogram, so a quantile can be taken over that interval
 * only. Any bucket going down means the histogram was reset; the current counts are then the increases.
 */
export function bucketIncreases(
  previous: readonly HistogramBucket[],
  current: readonly HistogramBucket[],
): HistogramBucket[] {
  const before = new Map(previous.map((b) => [b.le, b.count]));
  const reset = current.some((b) => b.count < (before.get(b.le) ?? 0));
  return current.map((b) => ({ le: b.le, count: reset ? b.count : b.count - (before.get(b.le) ?? 0) }));
}
