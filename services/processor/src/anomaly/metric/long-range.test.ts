import { LongRange } from './long-range';

describe('LongRange', () => {
  it('follows new extremes at once and forgets them slowly', () => {
    const range = new LongRange(100);
    [5, 0, 10].forEach((v) => range.push(v));
    expect(range.min).toBeCloseTo(0, 1);
    expect(range.max).toBe(10);
    for (let i = 0; i < 50; i++) range.push(5);
    // 50 samples shrink the range by 0.99^50: max ≈ 5 + 5 · 0.605.
    expect(range.max).toBeCloseTo(5 + 5 * 0.99 ** 50, 1);
    expect(range.contains(7.5)).toBe(true);
    for (let i = 0; i < 2000; i++) range.push(5);
    expect(range.contains(9)).toBe(false);
  });

  it.each([
    ['an empty range', [] as number[]],
    ['a filled range', [1, 2, 3]],
  ])('round-trips %s through JSON', (_name, values) => {
    const range = new LongRange(10);
    values.forEach((v) => range.push(v));
    const restored = new LongRange(10);
    restored.restore(JSON.parse(JSON.stringify(range)) as { min: number; max: number } | null);
    expect([restored.min, restored.max]).toEqual([range.min, range.max]);
    expect(restored.contains(2)).toBe(range.contains(2));
  });
});
