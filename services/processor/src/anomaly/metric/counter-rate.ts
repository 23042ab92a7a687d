/**
 * Increase of a Prometheus counter between two samples. A drop means the counter was reset (process restart), and,
 * as Prometheus does, the new value is then taken as the increase since the reset.
 */
export function counterIncrease(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}

export interface CounterPoint {
  timestamp: number;
  value: number;
}

/**
 * Per-second rate of a counter between two samples (timestamps in ms); undefined when time does not move forward or
 * a value is not finite.
 */
export function counterRate(previous: CounterPoint, current: CounterPoint): number | undefined {
  const seconds = (current.timestamp - previous.timestamp) / 1000;
  if (!(seconds > 0) || !Number.isFinite(previous.value) || !Number.isFinite(current.value)) return undefined;
  return counterIncrease(previous.value, current.value) / seconds;
}

/** Turns a counter series into a rate series one sample at a time; state is the last sample (JSON-safe). */
export class CounterRateTracker {
  constructor(private last: CounterPoint | undefined = undefined) {}

  /** The rate since the previous sample, undefined for the first sample or an out-of-order/invalid one. */
  update(timestamp: number, value: number): number | undefined {
    const current = { timestamp, value };
    if (this.last === undefined) {
      if (Number.isFinite(value)) this.last = current;
      return undefined;
    }
    const rate = counterRate(this.last, current);
    if (rate !== undefined) this.last = current;
    return rate;
  }

  toJSON(): CounterPoint | null {
    return this.last ?? null;
  }
}
