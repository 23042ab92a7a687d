import { type DetectorConfig, resolveDetectorConfig } from './config';
import { type DetectorState, parseDetectorState } from './detector-state';
import { LongRange } from './long-range';
import { PeriodFinder } from './period-finder';
import { type RankSurprise, rankSurprise, upperRankSurprise } from './rank-surprise';
import { RingBuffer } from './ring-buffer';
import { SamplingInterval } from './sampling-interval';
import { ShapeMemory } from './shape';
import { EFFECTIVE_VIEWS, seasonalReference, strongestView } from './views';

export interface Detection {
  /** Anomaly score in [0, 1]: 1 - e^(-surprise) for an alert, 0 otherwise. */
  score: number;
  /** The range the detector considered normal for this sample. */
  expected: { lower: number; upper: number };
  reason: string;
}

/** How often the season is re-estimated (samples): the search costs O(maxPeriod). */
const PERIOD_SEARCH_EVERY = 16;

/**
 * Streaming anomaly detector for one series: O(historySize) memory and time per sample, no look-ahead.
 *
 * Each sample is looked at five ways, each scored by its rank among the recent history of that view (a tail
 * probability that is calibrated for any distribution) plus a log-excess past the range seen: the value (spikes,
 * level shifts), its change from the previous sample (jumps inside the range), its residual against the median of
 * the values one to three seasons ago when the series has a season (pattern breaks at normal levels), its moving
 * average (sustained shifts hidden in noise), and the novelty of the recent window's shape against a bounded set of
 * learned shapes (`shape.ts`; patterns no single sample shows). The most surprising view plus half the second
 * (corroboration) is then discounted by how much more often than nominal this series produces big surprises. An
 * alert raises a bar that decays over `suppression` samples, and the record surprise of the last `memory` samples
 * sets a floor, so one event gives one alert, not a burst; alerts count only partly towards that record, so a second
 * event as big as the first is not hidden by it. The first sample after a gap in the cadence (`gapIntervals`) skips
 * the change and season views.
 */
export class MetricAnomalyDetector {
  readonly config: DetectorConfig;
  private readonly values: RingBuffer;
  private readonly diffs: RingBuffer;
  private readonly residuals: RingBuffer;
  private readonly averages: RingBuffer;
  private readonly periods: PeriodFinder;
  private n = 0;
  private average = Number.NaN;
  private alertLevel = 0;
  private record = 0;
  private tailRate = 0;
  private lastTimestamp: number | undefined;
  private readonly longRange: LongRange;
  private readonly shapes: ShapeMemory | undefined;
  private readonly shapeDistances: RingBuffer;
  private readonly interval = new SamplingInterval();

  constructor(config: Partial<DetectorConfig> = {}) {
    this.config = resolveDetectorConfig(config);
    const size = this.config.historySize;
    this.values = new RingBuffer(size);
    this.diffs = new RingBuffer(size);
    this.residuals = new RingBuffer(size);
    this.averages = new RingBuffer(size);
    this.longRange = new LongRange(this.config.longMemory);
    const c = this.config;
    this.shapes =
      c.shapeWeight > 0
        ? new ShapeMemory(c.shapeWindow, c.shapePoints, c.shapePrototypes, c.shapeVigilance)
        : undefined;
    this.shapeDistances = new RingBuffer(this.shapes === undefined ? 1 : size);
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
    const c = this.config;
    // Across a gap the previous sample and the sample a season ago (both found by position) are far older than the
    // views assume: scoring the jump would alert on every outage, and learning it would widen the change history
    // until real jumps look normal.
    const sinceLast = this.lastTimestamp === undefined ? 0 : timestamp - this.lastTimestamp;
    const afterGap = c.gapIntervals > 0 && this.interval.ratio(sinceLast) > c.gapIntervals;
    this.interval.update(sinceLast);
    this.lastTimestamp = timestamp;
    const surprise = (history: RingBuffer, x: number) => rankSurprise(history.raw(), history.size, x, c.extension);
    const prev = this.values.get(0);
    const period = this.periods.period;
    const reference = period > 0 && !afterGap ? seasonalReference(this.values, period) : undefined;
    const average = Number.isNaN(this.average) ? value : this.average + (value - this.average) / c.smoothSpan;
    const level = surprise(this.values, value);
    // A value inside the range of the long past is at most mildly surprising as a level (bursty series revisit their
    // extremes); its change, season and average views still see it.
    if (this.longRange.contains(value)) level.surprise = Math.min(level.surprise, c.levelCapInRange);
    this.longRange.push(value);
    const views = {
      level,
      change: prev === undefined || afterGap ? undefined : surprise(this.diffs, value - prev),
      season: reference === undefined ? undefined : surprise(this.residuals, value - reference),
      sustained: c.smoothSpan > 1 && this.n > c.smoothSpan ? surprise(this.averages, average) : undefined,
      shape: undefined as RankSurprise | undefined,
      period,
    };

    this.periods.update(this.values, value, this.n % PERIOD_SEARCH_EVERY === PERIOD_SEARCH_EVERY - 1);
    this.values.push(value);
    const distance = this.shapes?.update(this.values, this.n);
    if (distance !== undefined) {
      const d = this.shapeDistances;
      const shape = upperRankSurprise(d.raw(), d.size, distance, c.extension);
      shape.surprise *= c.shapeWeight;
      views.shape = shape;
      d.push(distance);
    }
    this.averages.push(average);
    this.average = average;
    if (prev !== undefined && !afterGap) this.diffs.push(value - prev);
    if (reference !== undefined) this.residuals.push(value - reference);
    this.n++;

    const best = strongestView(views, c.corroboration);
    const score = this.alert(best.surprise);
    const expected =
      reference !== undefined && views.season !== undefined
        ? { lower: reference + views.season.lo, upper: reference + views.season.hi }
        : { lower: views.level.lo, upper: views.level.hi };
    return { score, expected, reason: best.reason };
  }

  /** Turns the raw surprise of a sample into its score; updates the per-series calibration and alert bars. */
  private alert(raw: number): number {
    const c = this.config;
    // A series whose big surprises come more often than nominal gets them discounted by the log of the excess.
    const nominalRate = EFFECTIVE_VIEWS * Math.exp(-c.tailLevel);
    const surprise = raw - c.tailWeight * Math.log(Math.max(1, this.tailRate / nominalRate));
    this.tailRate += ((raw > c.tailLevel ? 1 : 0) - this.tailRate) / c.tailMemory;
    this.alertLevel *= Math.exp(-1 / c.suppression);
    this.record *= Math.exp(-1 / c.memory);
    const bar = Math.max(this.alertLevel, this.record * c.memoryRatio);
    if (this.n <= c.warmup) return 0;
    const alerts = surprise > bar;
    // The record is the surprise this series produces without it being an event. An alert lifts it only halfway
    // from the bar, so a repeat of an equally big event some hundred samples later still clears the floor.
    this.record = Math.max(this.record, alerts ? (surprise + bar) / 2 : surprise);
    // Every surprise raises the bar, not only alerts: a plateau of equal surprises alerts once.
    this.alertLevel = Math.max(this.alertLevel, surprise);
    if (!alerts) return 0;
    // The same event rarely grows by `alertMargin` nats within a few samples; a new one does.
    this.alertLevel = surprise + c.alertMargin;
    return 1 - Math.exp(-surprise);
  }

  toJSON(): DetectorState {
    return {
      version: 1,
      config: { ...this.config },
      n: this.n,
      average: Number.isNaN(this.average) ? null : this.average,
      alertLevel: this.alertLevel,
      record: this.record,
      tailRate: this.tailRate,
      lastTimestamp: this.lastTimestamp ?? null,
      values: this.values.toArray(),
      diffs: this.diffs.toArray(),
      residuals: this.residuals.toArray(),
      averages: this.averages.toArray(),
      periods: this.periods.toJSON(),
      longRange: this.longRange.toJSON(),
      ...(this.shapes === undefined
        ? {}
        : { shape: { memory: this.shapes.toJSON(), distances: this.shapeDistances.toArray() } }),
      intervals: this.interval.toJSON(),
    };
  }

  /** Restores a detector from `toJSON()` output (e.g. after a restart); throws DetectorStateError on bad input. */
  static fromJSON(json: unknown): MetricAnomalyDetector {
    const state = parseDetectorState(json);
    const d = new MetricAnomalyDetector(state.config);
    d.n = state.n;
    d.average = state.average ?? Number.NaN;
    d.alertLevel = state.alertLevel;
    d.record = state.record;
    d.tailRate = state.tailRate;
    d.lastTimestamp = state.lastTimestamp ?? undefined;
    for (const [buffer, saved] of [
      [d.values, state.values],
      [d.diffs, state.diffs],
      [d.residuals, state.residuals],
      [d.averages, state.averages],
    ] as const) {
      for (const v of saved.slice(-buffer.capacity)) buffer.push(v);
    }
    d.periods.restore(state.periods);
    d.longRange.restore(state.longRange);
    if (state.intervals !== undefined) d.interval.restore(state.intervals);
    if (state.shape !== undefined && d.shapes !== undefined) {
      d.shapes.restore(state.shape.memory);
      for (const v of state.shape.distances.slice(-d.shapeDistances.capacity)) d.shapeDistances.push(v);
    }
    return d;
  }

  private ignored(reason: string): Detection {
    const lo = this.values.size > 0 ? Math.min(...this.values.toArray()) : 0;
    const hi = this.values.size > 0 ? Math.max(...this.values.toArray()) : 0;
    return { score: 0, expected: { lower: lo, upper: hi }, reason };
  }
}
