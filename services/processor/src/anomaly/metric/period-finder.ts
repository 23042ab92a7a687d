import type { RingBuffer } from './ring-buffer';

const SEASON_MULTIPLE_SLACK = 1.5;

export interface PeriodFinderState {
  amdf: number[];
  period: number;
  strength: number;
}

/**
 * Finds the dominant season of a series online with an exponentially weighted average magnitude difference function
 * (AMDF: mean |x[t] - x[t-lag]| per lag). A lag is a season when the series repeats itself there much better than at
 * half that lag; noise and random walks never pass that test. O(maxLag) memory and time per sample.
 */
export class PeriodFinder {
  private readonly amdf: Float64Array;
  /** Season in samples, 0 when none. */
  period = 0;
  /** AMDF ratio of the best lag (lower = stronger season). */
  strength = 1;

  constructor(
    readonly minLag: number,
    readonly maxLag: number,
    private readonly alpha: number,
    private readonly maxRatio: number,
  ) {
    this.amdf = new Float64Array(maxLag + 1);
  }

  /** Call before pushing `x` into `history`; `search` re-estimates the period (costs another O(maxLag)). */
  update(history: RingBuffer, x: number, search: boolean): void {
    const n = history.size;
    const top = Math.min(this.maxLag, n);
    const data = history.raw();
    const capacity = history.capacity;
    let at = history.newestIndex;
    for (let lag = 1; lag <= top; lag++) {
      const d = Math.abs(x - data[at]!);
      at = at === 0 ? capacity - 1 : at - 1;
      const cur = this.amdf[lag]!;
      // Plain mean until a lag has 1/alpha samples, then exponential forgetting.
      const seen = n - lag + 1;
      this.amdf[lag] = cur + (d - cur) * (seen * this.alpha >= 1 ? this.alpha : 1 / seen);
    }
    if (search) this.choose(n);
  }

  private choose(n: number): void {
    let best = 0;
    let bestRatio = Infinity;
    // A lag needs two full cycles of history before its AMDF means anything.
    const top = Math.min(this.maxLag, Math.floor(n / 2));
    // No lag testable yet: keep the previous choice (and a finite, serialisable strength).
    if (top < this.minLag) return;
    for (let lag = this.minLag; lag <= top; lag++) {
      const half = this.amdf[lag >> 1]!;
      const ratio = half > 0 ? this.amdf[lag]! / half : 1;
      if (ratio < bestRatio) {
        bestRatio = ratio;
        best = lag;
      }
    }
    // A multiple of the season scores about as well as the season itself: prefer the season.
    for (let k = Math.floor(best / this.minLag); k >= 2; k--) {
      const lag = Math.round(best / k);
      const half = this.amdf[lag >> 1]!;
      if (half > 0 && this.amdf[lag]! / half <= bestRatio * SEASON_MULTIPLE_SLACK) {
        best = lag;
        bestRatio = this.amdf[lag]! / half;
        break;
      }
    }
    this.strength = bestRatio;
    this.period = bestRatio <= this.maxRatio ? best : 0;
  }

  toJSON(): PeriodFinderState {
    return { amdf: Array.from(this.amdf), period: this.period, strength: this.strength };
  }

  restore(state: PeriodFinderState): void {
    this.amdf.set(state.amdf.slice(0, this.amdf.length));
    this.period = Number.isInteger(state.period) && state.period <= this.maxLag ? state.period : 0;
    this.strength = state.strength;
  }
}
