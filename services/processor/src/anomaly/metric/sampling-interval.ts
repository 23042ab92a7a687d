import { RingBuffer } from './ring-buffer';

/** Intervals kept for the median: enough that a run of missed scrapes does not move it. */
const KEPT = 31;

/**
 * The series' typical time between samples (median of the last intervals), to tell a gap (missed scrapes, a target
 * that was down) from the normal cadence. Irregular series get a median of their own irregular intervals.
 */
export class SamplingInterval {
  private readonly intervals = new RingBuffer(KEPT);
  private typical = 0;

  /** Typical interval in the timestamps' unit; 0 until an interval was seen. */
  get median(): number {
    return this.typical;
  }

  /** How many typical intervals `interval` spans (1 while nothing is known yet). */
  ratio(interval: number): number {
    return this.typical > 0 ? interval / this.typical : 1;
  }

  update(interval: number): void {
    if (!(interval > 0) || !Number.isFinite(interval)) return;
    const evicted = this.intervals.size === KEPT ? this.intervals.get(KEPT - 1) : undefined;
    this.intervals.push(interval);
    // The median only moves when an interval other than it comes or goes: a regular series never sorts.
    if (interval !== this.typical || evicted !== this.typical) this.reestimate();
  }

  toJSON(): number[] {
    return this.intervals.toArray();
  }

  restore(intervals: readonly number[]): void {
    for (const v of intervals.slice(-KEPT)) if (v > 0) this.intervals.push(v);
    if (this.intervals.size > 0) this.reestimate();
  }

  private reestimate(): void {
    const sorted = this.intervals.toArray().sort((a, b) => a - b);
    this.typical = sorted[sorted.length >> 1] ?? 0;
  }
}
