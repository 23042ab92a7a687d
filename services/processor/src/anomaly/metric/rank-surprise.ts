/** How unusual one value is among a sample of earlier values, in nats (-ln of a tail probability). */
export interface RankSurprise {
  surprise: number;
  /** Smallest and largest value of the sample (the value itself when the sample is empty). */
  lo: number;
  hi: number;
}

/**
 * Two-sided rank tail probability of `x` among the first `n` slots of `data`, so it is calibrated for any
 * distribution; beyond the range of the sample it keeps growing with the log of the excess relative to the range,
 * which orders "just past the maximum" below "ten ranges past it".
 */
export function rankSurprise(data: Float64Array, n: number, x: number, extension: number): RankSurprise {
  if (n === 0) return { surprise: 0, lo: x, hi: x };
  let above = 0;
  let below = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (v >= x) above++;
    if (v <= x) below++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const p = Math.min(1, (2 * (Math.min(above, below) + 1)) / (n + 1));
  let surprise = -Math.log(p);
  const excess = x > hi ? x - hi : x < lo ? lo - x : 0;
  if (excess > 0) {
    const range = hi - lo;
    // A constant history has no range: any departure is as surprising as a huge one.
    const relative = range > 0 ? excess / range : 1e6;
    surprise += extension * Math.log1p(relative * 10);
  }
  return { surprise, lo, hi };
}

/**
 * One-sided version for a quantity where only large values are unusual (a distance): small values score 0. The
 * upper tail probability is half the two-sided one, so the same rank scores ln 2 less.
 */
export function upperRankSurprise(data: Float64Array, n: number, x: number, extension: number): RankSurprise {
  const r = rankSurprise(data, n, x, extension);
  let below = 0;
  for (let i = 0; i < n; i++) if (data[i]! < x) below++;
  if (2 * below < n) r.surprise = 0;
  else r.surprise = Math.max(0, r.surprise - Math.LN2);
  return r;
}
