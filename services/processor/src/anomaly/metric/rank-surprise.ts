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
  const excess = x > hi ? x - hi : x < lo ? lo - x : 0;
  return { surprise: -Math.log(p) + beyondRange(excess, hi - lo, extension), lo, hi };
}

function beyondRange(excess: number, range: number, extension: number): number {
  if (excess <= 0) return 0;
  // A constant history has no range: any departure is as surprising as a huge one.
  const relative = range > 0 ? excess / range : 1e6;
  return extension * Math.log1p(relative * 10);
}

/**
 * For a quantity where only large values are unusual (a distance): the upper tail probability p of `x`, scored as
 * ln(1/4 / p), the nats beyond the upper quartile, so that the common spread of distances scores 0.
 */
export function upperRankSurprise(data: Float64Array, n: number, x: number, extension: number): RankSurprise {
  if (n === 0) return { surprise: 0, lo: x, hi: x };
  let above = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (v >= x) above++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const beyondQuartile = Math.max(0, Math.log((n + 1) / (4 * (above + 1))));
  return { surprise: beyondQuartile + beyondRange(x - hi, hi - lo, extension), lo, hi };
}
