import type { SeriesRef } from './series';
import { seriesHash } from './series-identity';
import { SeriesTracker } from './staleness';

function series(name: string, labels: Record<string, string> = {}): SeriesRef {
  return { hash: seriesHash(name, labels), name, labels, type: 'gauge' };
}

const a = series('a');
const b = series('b', { x: '1' });
const b2 = series('b', { x: '2' });
const c = series('c');

describe('SeriesTracker', () => {
  it.each<[string, SeriesRef[][], string[][]]>([
    ['first scrape: nothing is gone', [[a, b]], [[]]],
    [
      'same series again: nothing is gone',
      [
        [a, b],
        [b, a],
      ],
      [[], []],
    ],
    ['a series disappears', [[a, b], [a]], [[], ['b']]],
    [
      'a label value changes: the old series is gone',
      [
        [a, b],
        [a, b2],
      ],
      [[], ['b']],
    ],
    ['gone once only', [[a, b], [a], [a]], [[], ['b'], []]],
    ['a series comes back and goes again', [[a, b], [a], [a, b], [a]], [[], ['b'], [], ['b']]],
    ['everything disappears', [[a, b, c], []], [[], ['a', 'b', 'c']]],
  ])('%s', (_name, scrapes, expected) => {
    const tracker = new SeriesTracker();
    const gone = scrapes.map((current) =>
      tracker
        .update(current)
        .map((s) => s.name)
        .sort(),
    );
    expect(gone).toEqual(expected);
  });

  it('clear returns every tracked series and forgets them', () => {
    const tracker = new SeriesTracker();
    tracker.update([a, b]);
    expect(
      tracker
        .clear()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(tracker.size).toBe(0);
    expect(tracker.update([a])).toEqual([]);
  });
});
