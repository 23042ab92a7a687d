import { z } from 'zod';

export const MINUTE_MS = 60_000;

/** The start of the minute (ms since the epoch, UTC) that holds `ms`. */
export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

export interface RateConfig {
  /** Weight of the newest minute in the moving mean and variance (about 2/alpha - 1 minutes of memory). */
  readonly alpha: number;
  /** Closed minutes the baseline learns before it may fire. */
  readonly warmupMinutes: number;
  /** A minute with fewer records than this never fires, whatever the baseline says. */
  readonly minCount: number;
  /** Fires above mean + sensitivity × deviation. */
  readonly sensitivity: number;
  /** Empty minutes replayed into the baseline after a gap; after this many the baseline is near zero anyway. */
  readonly maxGapMinutes: number;
}

/** Per-series state; plain JSON. */
export const RateState = z.object({
  /** Start (ms) of the open minute, the one still counting. */
  minute: z.number(),
  count: z.number().nonnegative(),
  mean: z.number().nonnegative(),
  variance: z.number().nonnegative(),
  /** Closed minutes learned so far. */
  minutes: z.number().int().nonnegative(),
  /** The incident in progress: `start` is the minute it fired in, its identity for firing and resolved events. */
  incident: z.object({ start: z.number(), peak: z.number(), score: z.number() }).optional(),
});
export type RateState = z.infer<typeof RateState>;

export interface RateBand {
  readonly lower: number;
  readonly upper: number;
}

/** A change of the incident state of one series. */
export interface RateDetection {
  readonly status: 'firing' | 'resolved';
  /** Start of the minute the incident began in (the same on its firing and resolved detection). */
  readonly windowStart: number;
  /** Start of the minute the change was seen in. */
  readonly minute: number;
  /** Records counted in that minute (so far, when firing). */
  readonly value: number;
  readonly expected: RateBand;
  /** In [0,1]: 0.5 at the firing threshold, towards 1 far above it. For `resolved`, the incident's peak score. */
  readonly score: number;
}

/**
 * Per-minute counts against the series' own baseline: an exponentially weighted mean and variance of the closed
 * minutes (a plain running average during warm-up). A minute fires as soon as its running count passes
 * `mean + sensitivity × deviation` and `minCount`, once per incident; the incident resolves at the first closed minute
 * back under the band. The deviation is at least √mean (counts are Poisson-like) and at least 1. Minutes above the
 * band are learned clipped to the band, so one spike barely moves the baseline while a lasting shift is learned
 * gradually.
 */
export class MinuteRate {
  constructor(readonly config: RateConfig) {}

  start(minute: number): RateState {
    return { minute, count: 0, mean: 0, variance: 0, minutes: 0 };
  }

  band(state: RateState): RateBand & { deviation: number } {
    const deviation = Math.max(Math.sqrt(state.variance), Math.sqrt(state.mean), 1);
    const spread = this.config.sensitivity * deviation;
    return { lower: Math.max(0, state.mean - spread), upper: state.mean + spread, deviation };
  }

  /** In [0,1): z/(z+sensitivity) for z deviations above the mean, so 0.5 at the threshold. */
  score(state: RateState, value: number): number {
    const { deviation } = this.band(state);
    const z = (value - state.mean) / deviation;
    return z > 0 ? z / (z + this.config.sensitivity) : 0;
  }

  warmedUp(state: RateState): boolean {
    return state.minutes >= this.config.warmupMinutes;
  }

  /** Counts `n` records into the open minute (advance first for a later minute); may fire. */
  add(state: RateState, n = 1): RateDetection | undefined {
    state.count += n;
    if (state.incident !== undefined) {
      state.incident.peak = Math.max(state.incident.peak, state.count);
      return undefined;
    }
    if (!this.anomalous(state, state.count)) return undefined;
    const score = this.score(state, state.count);
    state.incident = { start: state.minute, peak: state.count, score };
    return {
      status: 'firing',
      windowStart: state.minute,
      minute: state.minute,
      value: state.count,
      ...this.expected(state),
      score,
    };
  }

  /**
   * Closes every minute before `minute` (the open one with its count, then the empty ones in between) and opens
   * `minute`. Closing in steps or at once gives the same state, so a flush timer does not change the outcome.
   */
  advance(state: RateState, minute: number): RateDetection[] {
    if (minute <= state.minute) return [];
    const detections: RateDetection[] = [];
    const gap = Math.round((minute - state.minute) / MINUTE_MS) - 1;
    const resolved = this.close(state, state.minute, state.count);
    if (resolved !== undefined) detections.push(resolved);
    for (let i = 1; i <= Math.min(gap, this.config.maxGapMinutes); i++) {
      const empty = this.close(state, state.minute + i * MINUTE_MS, 0);
      if (empty !== undefined) detections.push(empty);
    }
    state.minute = minute;
    state.count = 0;
    return detections;
  }

  private anomalous(state: RateState, count: number): boolean {
    return this.warmedUp(state) && count >= this.config.minCount && count > this.band(state).upper;
  }

  private expected(state: RateState): { expected: RateBand } {
    const { lower, upper } = this.band(state);
    return { expected: { lower, upper } };
  }

  private close(state: RateState, minute: number, count: number): RateDetection | undefined {
    let detection: RateDetection | undefined;
    const anomalous = this.anomalous(state, count);
    const incident = state.incident;
    if (incident !== undefined && !anomalous) {
      detection = {
        status: 'resolved',
        windowStart: incident.start,
        minute,
        value: count,
        ...this.expected(state),
        score: incident.score,
      };
      state.incident = undefined;
    }
    this.learn(state, this.warmedUp(state) ? Math.min(count, this.band(state).upper) : count);
    return detection;
  }

  private learn(state: RateState, x: number): void {
    const weight = Math.max(this.config.alpha, 1 / (state.minutes + 1));
    const diff = x - state.mean;
    const step = weight * diff;
    state.mean = Math.max(0, state.mean + step);
    state.variance = Math.max(0, (1 - weight) * (state.variance + diff * step));
    state.minutes++;
  }
}
