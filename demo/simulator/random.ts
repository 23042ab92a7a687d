/** Small random helpers for the simulated workloads (not seeded: the demo need not repeat itself). */

export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

/** Events in an interval at `perSecond` on average: the whole part always, the fraction by chance. */
export function eventsIn(seconds: number, perSecond: number): number {
  const expected = seconds * perSecond;
  const whole = Math.floor(expected);
  return whole + (Math.random() < expected - whole ? 1 : 0);
}

/** Log-normal around `median` (seconds); `spread` is the sigma of the underlying normal. */
export function latency(median: number, spread = 0.5): number {
  const u = 1 - Math.random();
  const v = Math.random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(spread * normal);
}

export function hex(length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

export function between(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}
