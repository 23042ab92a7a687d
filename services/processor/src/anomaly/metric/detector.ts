import { type DetectorConfig, resolveDetectorConfig } from './config';
import { PeriodFinder } from './period-finder';
import { type RankSurprise, rankSurprise } from './rank-surprise';
import { RingBuffer } from './ring-buffer';
import { type DetectorState, parseDetectorState } from './detector-state';

export interface Detection {
  /** Anomaly score in [0, 1]: 1 - (tail probability of the most surprising view of the sample). */
  score: number;
  /** The range the detector considered normal for this sample. */
  expected: { lower: number; upper: number };
  reason: string;
}

/** How often the season is re-estimated (samples): the search costs O(maxPeriod). */
const PERIOD_SEARCH_EVERY = 16;

/**
 * Streaming anomaly detector for one series; O(historySize) memory and time per sample, no look-ahead.
 *
 * Each sample is looked at three ways, each scored by its rank among the recent history of that view (so the tail
 * probability is calibrated for any distribution) plus a log-excess past the seen range: the value itself (spikes,
 * level shifts), its change from the previous sample (jumps inside the range), and its residual against the value
 * one, two and three seasons ago when the series has a season (pattern breaks at normal levels). The most surprising
 * view wins. An alert raises a bar that decays over `suppression` samples; a sample under the bar scores 0, so one
 * event gives one alert instead of a burst.
 */
export class MetricAnomalyDetector {
  readonly config: DetectorConfig;
  private readonly values: RingBuffer;
  private readonly diffs: RingBuffer;
  private readonly residuals: RingBuffer;
  private readonly periods: PeriodFinder;
  private n = 0;
  private alertLevel = 0;
  private lastTimestamp: number | undefined;

  constructor(config: Partial<DetectorConfig> = {}) {
    this.config = resolveDetectorConfig(config);
    const size = this.config.historySize;
    this.values = new RingBuffer(size);
    this.diffs = new RingBuffer(size);
    this.residuals = new RingBuffer(size);
    this.periods = new PeriodFinder(this.config.minPeriod, this.config.maxPeriod, 1 / size, this.config.seasonRatio);
  }

  /** Samples accepted so far. */
  get samples(): number {
    return this.n;
  }

  /** The season in samples the detector currently uses, 0 when none. */
  get period(): number {
    return this.periods.period;
  }

  update(timestamp: number, value: number): Detection {
    if (!Number.isFinite(value)) return this.ignored(`not a finite value: ${value}`);
    if (this.lastTimestamp !== undefined && timestamp <= this.lastTimestamp) {
      return this.ignored('timestamp not after the previous sample');
    }
    this.lastTimestamp = timestamp;
    const c = this.config;
    const level = rankSurprise(this.values.raw(), this.values.size, value, c.extension);
    const prev = this.values.get(0);
    const change =
      prev === undefined ? undefined : rankSurprise(this.diffs.raw(), this.diffs.size, value - prev, c.extension);
    const period = this.periods.period;
    const reference = period > 0 ? this.seasonalReference(period) : undefined;
    const season =
      reference === undefined
        ? undefined
        : rankSurprise(this.residuals.raw(), this.residuals.size, value - reference, c.extension);

    this.periods.update(this.values, value, this.n % PERIOD_SEARCH_EVERY === PERIOD_SEARCH_EVERY - 1);
    this.values.push(value);
    if (prev !== undefined) this.diffs.push(value - prev);
    if (reference !== undefined) this.residuals.push(value - reference);
    this.n++;

    const { surprise, reason } = strongest(level, change, season, period);
    this.alertLevel *= Math.exp(-1 / Math.max(c.suppression, 1e-9));
    let score = 0;
    if (this.n > c.warmup && surprise > this.alertLevel) {
      this.alertLevel = surprise;
      score = 1 - Math.exp(-surprise);
    }
    const expected =
      reference !== undefined && season !== undefined
        ? { lower: reference + season.lo, upper: reference + season.hi }
        : { lower: level.lo, upper: level.hi };
    return { score, expected, reason };
  }

  toJSON(): DetectorState {
    return {
      version: 1,
      config: { ...this.config },
      n: this.n,
      alertLevel: this.alertLevel,
      lastTimestamp: this.lastTimestamp ?? null,
      values: this.values.toArray(),
      diffs: this.diffs.toArray(),
      residuals: this.residuals.toArray(),
      periods: this.periods.toJSON(),
    };
  }

  /** Restores a detector from `toJSON()` output (e.g. after a restart); throws DetectorStateError on bad input. */
  static fromJSON(json: unknown): MetricAnomalyDetector {
    const state = parseDetectorState(json);
    const d = new MetricAnomalyDetector(state.config);
    d.n = state.n;
    d.alertLevel = state.alertLevel;
    d.lastTimestamp = state.lastTimestamp ?? undefined;
    for (const v of state.values.slice(-d.config.historySize)) d.values.push(v);
    for (const v of state.diffs.slice(-d.config.historySize)) d.diffs.push(v);
    for (const v of state.residuals.slice(-d.config.historySize)) d.residuals.push(v);
    d.periods.restore(state.periods);
    return d;
  }

  private ignored(reason: string): Detection {
    const lo = this.values.size > 0 ? Math.min(...this.values.toArray()) : 0;
    const hi = this.values.size > 0 ? Math.max(...this.values.toArray()) : 0;
    return { score: 0, expected: { lower: lo, upper: hi }, reason };
  }

  /** Median of the values one, two and three seasons ago, so one odd season does not echo a season later. */
  private seasonalReference(period: number): number | undefined {
    const a = this.values.get(period - 1);
    const b = this.values.get(2 * period - 1);
    const c = this.values.get(3 * period - 1);
    if (a === undefined) return undefined;
    if (b === undefined) return a;
    if (c === undefined) return (a + b) / 2;
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}

function strongest(
  level: RankSurprise,
  change: RankSurprise | undefined,
  season: RankSurprise | undefined,
  period: number,
): { surprise: number; reason: string } {
  let surprise = level.surprise;
  let reason = 'value unusual for its recent range';
  if (change !== undefined && change.surprise > surprise) {
    surprise = change.surprise;
    reason = 'unusual change from the previous sample';
  }
  if (season !== undefined && season.surprise > surprise) {
    surprise = season.surprise;
    reason = `unusual for its season of ${period} samples`;
  }
  return { surprise, reason };
}
