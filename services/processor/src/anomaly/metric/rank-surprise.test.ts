import { rankSurprise, upperRankSurprise } from './rank-surprise';
import { RingBuffer } from './ring-buffer';

const sample = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

describe('rankSurprise', () => {
  it.each([
    ['the median', 5, 0],
    ['the maximum', 9, -Math.log((2 * 2) / 10)],
    ['the minimum', 1, -Math.log((2 * 2) / 10)],
    ['just above the range', 9.8, -Math.log(2 / 10) + Math.log1p(1)],
    ['far below the range', -79, -Math.log(2 / 10) + Math.log1p(100)],
  ])('of %s among 1..9 is %d nats', (_name, x, expected) => {
    expect(rankSurprise(sample, sample.length, x, 1).surprise).toBeCloseTo(expected, 10);
  });

  it('reports the range of the sample and 0 for an empty one', () => {
    expect(rankSurprise(sample, sample.length, 5, 1)).toMatchObject({ lo: 1, hi: 9 });
    expect(rankSurprise(sample, 0, 5, 1)).toEqual({ surprise: 0, lo: 5, hi: 5 });
  });

  it('treats any departure from a constant history as a large excess', () => {
    const flat = Float64Array.from([3, 3, 3, 3]);
    expect(rankSurprise(flat, 4, 3.001, 1).surprise).toBeGreaterThan(10);
  });
});

describe('RingBuffer', () => {
  it('keeps the newest values up to its capacity', () => {
    const rb = new RingBuffer(3);
    [1, 2, 3, 4].forEach((v) => rb.push(v));
    expect(rb.toArray()).toEqual([2, 3, 4]);
    expect([rb.get(0), rb.get(2), rb.get(3)]).toEqual([4, 2, undefined]);
  });

  it.each([0, -1, 1.5])('rejects capacity %d', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow(RangeError);
  });
});

describe('upperRankSurprise', () => {
  const data = Float64Array.from({ length: 99 }, (_, i) => i);

  it.each([
    ['the minimum', 0, 0],
    ['the median', 49, 0],
    ['the upper quartile', 74, 0],
    ['the maximum', 98, Math.log(100 / 8)],
    ['just above the range', 98 + 9.8, Math.log(100 / 4) + 2 * Math.log1p(1)],
  ])('scores %s %p nats beyond the upper quartile', (_name, x, expected) => {
    expect(upperRankSurprise(data, 99, x, 2).surprise).toBeCloseTo(expected, 6);
  });
});
