import { HistogramScrapes, parseBucketBound } from './histogram-scrapes';

type Bucket = [timestamp: number, le: string, count: number];

/** Feeds buckets in the given order; the taken scrapes as `t:le=count,...` ('late' for late buckets). */
function feed(buckets: readonly Bucket[], maxPending = 4, scrapes = new HistogramScrapes(maxPending)): string[] {
  const out: string[] = [];
  for (const [t, le, count] of buckets) {
    const ready = scrapes.add(t, le, count);
    if (ready === 'late') out.push(`late ${t}:${le}`);
    else for (const s of ready) out.push(`${s.timestamp}:${s.buckets.map((b) => `${b.le}=${b.count}`).join(',')}`);
  }
  return out;
}

const scrape = (t: number, counts: readonly number[]): Bucket[] =>
  ['0.5', '1', '+Inf'].map((le, i) => [t, le, counts[i]!] as Bucket);

describe('HistogramScrapes', () => {
  it.each([
    [
      'in order, one scrape at a time',
      [...scrape(1, [1, 2, 3]), ...scrape(2, [2, 4, 6])],
      ['1:0.5=1,1=2,Infinity=3', '2:0.5=2,1=4,Infinity=6'],
    ],
    [
      // Until the second partition's bucket shows up, the histogram's bounds are those of the first one.
      'from two partitions, the second one behind: coarse at first, complete once every bound is known',
      [
        ...[1, 2].flatMap((t): Bucket[] => [
          [t, '0.5', t],
          [t, '+Inf', 3 * t],
        ]),
        [1, '1', 2],
        [2, '1', 4],
        [3, '0.5', 3],
        [3, '+Inf', 9],
        [3, '1', 6],
      ] as Bucket[],
      ['1:0.5=1,Infinity=3', '2:0.5=2,Infinity=6', 'late 1:1', 'late 2:1', '3:0.5=3,1=6,Infinity=9'],
    ],
  ])('takes scrapes %s', (_name, buckets, expected) => {
    expect(feed(buckets)).toEqual(expected);
  });

  it('waits for every known bound, and takes older scrapes first when a newer one completes', () => {
    const scrapes = new HistogramScrapes(4);
    feed(scrape(1, [1, 2, 3]), 4, scrapes);
    const buckets: Bucket[] = [[2, '0.5', 2], [2, '+Inf', 6], ...scrape(3, [3, 6, 9])];
    expect(feed(buckets, 4, scrapes)).toEqual(['2:0.5=2,Infinity=6', '3:0.5=3,1=6,Infinity=9']);
  });

  it('takes the oldest scrape as it is beyond maxPending, and stops waiting for a bound that went away', () => {
    const scrapes = new HistogramScrapes(2);
    feed(scrape(1, [1, 2, 3]), 2, scrapes);
    const without1 = (t: number): Bucket[] => [
      [t, '0.5', t],
      [t, '+Inf', 3 * t],
    ];
    expect(feed([...without1(2), ...without1(3), ...without1(4)], 2, scrapes)).toEqual([
      '2:0.5=2,Infinity=6',
      '3:0.5=3,Infinity=9',
      '4:0.5=4,Infinity=12',
    ]);
    expect(scrapes.toJSON()).toEqual({ layout: ['0.5', '+Inf'], lastTaken: 4 });
  });

  it('restores its layout and last scrape from JSON', () => {
    const restored = new HistogramScrapes(4, { layout: ['0.5', '1', '+Inf'], lastTaken: 1 });
    expect(
      feed(
        [
          [1, '0.5', 1],
          [2, '+Inf', 6],
          [2, '0.5', 2],
          [2, '1', 4],
        ],
        4,
        restored,
      ),
    ).toEqual(['late 1:0.5', '2:0.5=2,1=4,Infinity=6']);
  });

  it.each([
    ['+Inf', Infinity],
    ['0.25', 0.25],
    ['1e-3', 0.001],
    ['', Number.NaN],
    ['fast', Number.NaN],
  ])('parses the bound %j as %d', (text, value) => {
    expect(parseBucketBound(text)).toBe(value);
  });
});
