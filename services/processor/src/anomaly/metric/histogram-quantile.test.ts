import { HistogramError, bucketIncreases, histogramQuantile } from './histogram-quantile';

const buckets = [
  { le: 0.1, count: 10 },
  { le: 0.5, count: 30 },
  { le: 1, count: 40 },
  { le: Infinity, count: 40 },
];

describe('histogramQuantile', () => {
  it.each([
    [0.5, 0.3],
    [0.25, 0.1],
    [0.1, 0.04],
    [0.875, 0.75],
    [1, 1],
    [0, 0],
    [-0.1, -Infinity],
    [1.5, Infinity],
  ])('q=%d of the sample histogram is %d', (q, expected) => {
    expect(histogramQuantile(q, buckets)).toBeCloseTo(expected, 10);
  });

  it.each([
    [
      'rank in the +Inf bucket gives the largest finite bound',
      [
        { le: 1, count: 1 },
        { le: Infinity, count: 10 },
      ],
      0.9,
      1,
    ],
    [
      'a first bucket with a negative bound gives that bound',
      [
        { le: -1, count: 5 },
        { le: Infinity, count: 10 },
      ],
      0.2,
      -1,
    ],
    [
      'unsorted buckets are sorted first',
      [
        { le: Infinity, count: 4 },
        { le: 2, count: 4 },
        { le: 1, count: 2 },
      ],
      0.5,
      1,
    ],
    [
      'non-monotonic counts are made monotonic',
      [
        { le: 1, count: 4 },
        { le: 2, count: 3 },
        { le: Infinity, count: 4 },
      ],
      0.5,
      0.5,
    ],
  ])('%s', (_name, input, q, expected) => {
    expect(histogramQuantile(q, input)).toBeCloseTo(expected, 10);
  });

  it.each([
    [
      'an empty histogram',
      [
        { le: 1, count: 0 },
        { le: Infinity, count: 0 },
      ],
    ],
    ['only a +Inf bucket', [{ le: Infinity, count: 3 }]],
  ])('gives NaN for %s', (_name, input) => {
    expect(histogramQuantile(0.5, input)).toBeNaN();
  });

  it('needs a +Inf bucket', () => {
    expect(() => histogramQuantile(0.5, [{ le: 1, count: 3 }])).toThrow(HistogramError);
  });
});

describe('bucketIncreases', () => {
  it.each([
    [
      'normal growth',
      [
        { le: 1, count: 5 },
        { le: Infinity, count: 8 },
      ],
      [
        { le: 1, count: 7 },
        { le: Infinity, count: 12 },
      ],
      [2, 4],
    ],
    [
      'a reset',
      [
        { le: 1, count: 5 },
        { le: Infinity, count: 8 },
      ],
      [
        { le: 1, count: 1 },
        { le: Infinity, count: 2 },
      ],
      [1, 2],
    ],
    [
      'a new bucket',
      [{ le: Infinity, count: 8 }],
      [
        { le: 1, count: 1 },
        { le: Infinity, count: 9 },
      ],
      [1, 1],
    ],
  ])('%s', (_name, prev, cur, counts) => {
    expect(bucketIncreases(prev, cur).map((b) => b.count)).toEqual(counts);
  });
});
