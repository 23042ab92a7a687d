import { ErrorRateDetector } from './error-rate-detector';
import { MINUTE_MS, MinuteRate, minuteOf, type RateConfig, type RateDetection } from './minute-rate';
import { TemplateBurstDetector } from './template-burst-detector';

const T0 = Date.UTC(2026, 0, 1);
const CONFIG: RateConfig = { alpha: 0.1, warmupMinutes: 10, minCount: 10, sensitivity: 4, maxGapMinutes: 60 };

/** Deterministic noise: 31-bit LCG mapped to roughly normal values (sum of uniforms). */
function noisy(mean: number, spread: number, minutes: number, seed = 7): number[] {
  let s = seed;
  const uniform = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: minutes }, () => {
    const z = uniform() + uniform() + uniform() + uniform() - 2;
    return Math.max(0, Math.round(mean + z * spread * 1.7));
  });
}

const repeat = (value: number, minutes: number): number[] => Array<number>(minutes).fill(value);

interface Seen {
  status: RateDetection['status'];
  minute: number;
  windowStart: number;
  value: number;
}

/** Feeds minute i with counts[i] (one record at a time), then closes the last minute; minutes as indexes. */
function run(rate: MinuteRate, counts: readonly number[]): Seen[] {
  const state = rate.start(T0);
  const out: RateDetection[] = [];
  counts.forEach((count, i) => {
    out.push(...rate.advance(state, T0 + i * MINUTE_MS));
    for (let r = 0; r < count; r++) {
      const d = rate.add(state);
      if (d !== undefined) out.push(d);
    }
  });
  out.push(...rate.advance(state, T0 + counts.length * MINUTE_MS));
  for (const d of out) {
    expect(d.score).toBeGreaterThanOrEqual(0);
    expect(d.score).toBeLessThanOrEqual(1);
  }
  const index = (ms: number) => (ms - T0) / MINUTE_MS;
  return out.map((d) => ({
    status: d.status,
    minute: index(d.minute),
    windowStart: index(d.windowStart),
    value: d.value,
  }));
}

describe('MinuteRate', () => {
  it.each<[string, number[], Seen[]]>([
    [
      'steady baseline then a one-minute spike: fires once, resolves the next minute',
      [...repeat(20, 30), 200, ...repeat(20, 5)],
      [
        { status: 'firing', minute: 30, windowStart: 30, value: 38 },
        { status: 'resolved', minute: 31, windowStart: 30, value: 20 },
      ],
    ],
    ['noise around a steady mean: nothing', noisy(20, 4.5, 120), []],
    [
      'a three-minute spike: one firing, one resolved after it',
      [...repeat(20, 30), 150, 160, 170, ...repeat(20, 3)],
      [
        { status: 'firing', minute: 30, windowStart: 30, value: 38 },
        { status: 'resolved', minute: 33, windowStart: 30, value: 20 },
      ],
    ],
    ['a spike during warm-up: nothing', [...repeat(20, 5), 200, ...repeat(20, 5)], []],
    ['below the minimum count: nothing', [...repeat(0, 30), 9, ...repeat(0, 3)], []],
    [
      'from zero to the minimum count: fires',
      [...repeat(0, 30), 12, ...repeat(0, 3)],
      [
        { status: 'firing', minute: 30, windowStart: 30, value: 10 },
        { status: 'resolved', minute: 31, windowStart: 30, value: 0 },
      ],
    ],
  ])('%s', (_name, counts, expected) => {
    expect(run(new MinuteRate(CONFIG), counts)).toEqual(expected);
  });

  it('gives the same state whether empty minutes are closed one by one or in one jump', () => {
    const rate = new MinuteRate(CONFIG);
    const stepped = rate.start(T0);
    const jumped = rate.start(T0);
    for (const state of [stepped, jumped]) rate.add(state, 30);
    for (let i = 1; i <= 7; i++) rate.advance(stepped, T0 + i * MINUTE_MS);
    rate.advance(jumped, T0 + 7 * MINUTE_MS);
    expect(stepped).toEqual(jumped);
  });

  it('resolves at the first empty minute when the records stop (one jump over the silence)', () => {
    const rate = new MinuteRate(CONFIG);
    const state = rate.start(T0);
    for (let i = 0; i < 30; i++) {
      rate.advance(state, T0 + i * MINUTE_MS);
      rate.add(state, 20);
    }
    rate.advance(state, T0 + 30 * MINUTE_MS);
    expect(rate.add(state, 200)?.status).toBe('firing');
    const after = rate.advance(state, T0 + 45 * MINUTE_MS);
    expect(after.map((d) => [d.status, (d.minute - T0) / MINUTE_MS, d.value])).toEqual([['resolved', 31, 0]]);
  });

  it('learns a lasting shift: a new level stops firing and resolves', () => {
    const seen = run(new MinuteRate(CONFIG), [...repeat(20, 30), ...repeat(60, 120)]);
    expect(seen.map((s) => s.status)).toEqual(['firing', 'resolved']);
  });

  it('keeps the state as plain JSON', () => {
    const rate = new MinuteRate(CONFIG);
    const state = rate.start(T0);
    rate.add(state, 5);
    rate.advance(state, T0 + MINUTE_MS);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it.each([
    [T0 + 59_999, T0],
    [T0 + 60_000, T0 + 60_000],
  ])('minuteOf(%d) is %d', (ms, minute) => {
    expect(minuteOf(ms)).toBe(minute);
  });
});

describe.each([
  ['ErrorRateDetector', new ErrorRateDetector(), 'error rate spike'],
  ['TemplateBurstDetector', new TemplateBurstDetector(), 'template burst'],
])('%s with its defaults', (_name, detector, words) => {
  it('fires on a spike after warm-up and describes it in words', () => {
    const state = detector.start(T0);
    for (let i = 0; i < 40; i++) {
      detector.advance(state, T0 + i * MINUTE_MS);
      detector.add(state, 5);
    }
    detector.advance(state, T0 + 40 * MINUTE_MS);
    const fired = detector.add(state, 500);
    expect(fired?.status).toBe('firing');
    expect(detector.describe(fired!)).toContain(words);
    expect(detector.advance(state, T0 + 41 * MINUTE_MS)).toEqual([]);
    detector.add(state, 5);
    const [resolved] = detector.advance(state, T0 + 42 * MINUTE_MS);
    expect(resolved?.status).toBe('resolved');
    expect(resolved?.windowStart).toBe(fired?.windowStart);
  });
});
