import { SamplingInterval } from './sampling-interval';

function fed(intervals: readonly number[]): SamplingInterval {
  const s = new SamplingInterval();
  for (const i of intervals) s.update(i);
  return s;
}

describe('SamplingInterval', () => {
  it.each([
    ['nothing seen', [], 0],
    ['one interval', [15], 15],
    ['a regular cadence', Array<number>(40).fill(15), 15],
    [
      'a cadence with 10% gaps (median ignores them)',
      Array.from({ length: 60 }, (_, i) => (i % 10 === 9 ? 150 : 15)),
      15,
    ],
    ['a cadence that changed long ago', [...Array<number>(40).fill(60), ...Array<number>(64).fill(15)], 15],
    ['zero, negative and non-finite intervals ignored', [15, 0, -5, Number.NaN, Infinity], 15],
  ])('%s', (_name, intervals, median) => {
    expect(fed(intervals).median).toBe(median);
  });

  it('tells how many typical intervals a gap spans', () => {
    const s = fed(Array<number>(20).fill(15));
    expect(s.ratio(15)).toBe(1);
    expect(s.ratio(90)).toBe(6);
    expect(new SamplingInterval().ratio(90)).toBe(1);
  });

  it('survives a save and restore', () => {
    const s = fed([10, 20, 30, 40, 50]);
    const restored = new SamplingInterval();
    restored.restore(JSON.parse(JSON.stringify(s)) as number[]);
    expect(restored.median).toBe(s.median);
    expect(restored.toJSON()).toEqual(s.toJSON());
  });
});
