import { percentile } from './percentile';

describe('percentile', () => {
  it.each([
    [[], 50, NaN],
    [[5], 99, 5],
    [[1, 2, 3, 4], 50, 2],
    [[4, 3, 2, 1], 90, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
  ])('%j p%i -> %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});
