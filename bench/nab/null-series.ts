/** Series with no anomaly in them, for the detector's false-alarm rate: what a threshold costs on plain noise. */
export type NullSeriesKind = 'white-noise' | 'random-walk' | 'daily-counts' | 'lognormal' | 'walk-with-outages';

export const NULL_SERIES_KINDS: readonly NullSeriesKind[] = [
  'white-noise',
  'random-walk',
  'daily-counts',
  'lognormal',
  'walk-with-outages',
];

/** Standard normal draws (Box-Muller) from a uniform source. */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Poisson draw by inversion (rates up to a few hundred). */
function poisson(random: () => number, rate: number): number {
  let k = 0;
  let p = Math.exp(-rate);
  let cdf = p;
  const u = random();
  while (u > cdf && k < 10 * rate + 100) {
    k++;
    p *= rate / k;
    cdf += p;
  }
  return k;
}

/**
 * `n` samples of one kind: N(0, 1) noise; its running sum; Poisson counts around 30 with a season of 288 samples (a
 * day of 5-minute samples, like request counts); e^N(0, 1) (heavy right tail, like latencies). `walk-with-outages`
 * is the random walk itself; `sampleTimes` takes its outages out.
 */
export function nullSeries(kind: NullSeriesKind, n: number, random: () => number): Float64Array {
  const normal = gaussian(random);
  const out = new Float64Array(n);
  let walk = 0;
  for (let i = 0; i < n; i++) {
    if (kind === 'white-noise') out[i] = normal();
    else if (kind === 'random-walk' || kind === 'walk-with-outages') out[i] = walk += normal();
    else if (kind === 'daily-counts') out[i] = poisson(random, 30 + 20 * Math.sin((2 * Math.PI * i) / 288));
    else out[i] = Math.exp(normal());
  }
  return out;
}

/** Chance per sample that a target goes down, and the longest outage in samples. */
const OUTAGE_RATE = 0.002;
const LONGEST_OUTAGE = 60;

/**
 * Indices of the samples a scraper would get: all of them, except for `walk-with-outages`, where the target is down
 * now and then for 5 to `LONGEST_OUTAGE` samples while the series goes on (missed scrapes leave a gap, not a pause).
 */
export function sampleTimes(kind: NullSeriesKind, n: number, random: () => number): number[] {
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    if (kind === 'walk-with-outages' && random() < OUTAGE_RATE) i += 4 + Math.floor(random() * (LONGEST_OUTAGE - 4));
    else kept.push(i);
  }
  return kept;
}
