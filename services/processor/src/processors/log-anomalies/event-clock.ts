/**
 * Event time as the records tell it: the newest `@timestamp` seen. Windows close on event time so that replays give
 * the same results; only when no newer record arrives does the clock run on with the wall clock from that moment,
 * so that the minutes of quiet workloads still close.
 */
export class EventClock {
  private newest = Number.NEGATIVE_INFINITY;
  private newestAt = 0;

  /** Notes a record's event time (ms) seen at wall time `now`. */
  observe(time: number, now: number): void {
    if (time > this.newest) {
      this.newest = time;
      this.newestAt = now;
    }
  }

  /** Event time at wall time `now`; undefined before the first record. */
  now(now: number): number | undefined {
    if (this.newest === Number.NEGATIVE_INFINITY) return undefined;
    return this.newest + Math.max(0, now - this.newestAt);
  }
}
