import { comparePublished, formatComparisons } from './compare-published';
import type { FileResult, ProfileResult } from './score-corpus';

function ours(files: Record<string, FileResult>): ProfileResult {
  const zero = { raw: 0, nullScore: 0, perfect: 0, normalized: 0, tp: 0, fp: 0, fn: 0, tn: 0 };
  return { ...zero, windowsDetected: 0, windowsMissed: 0, profile: 'standard', threshold: 0.5, categories: {}, files };
}

describe('comparePublished', () => {
  // Two windows in a/x (null -2, perfect 2), one in b/y (null -1, perfect 1); c/z is not in the published scores.
  const run = ours({
    'a/x.csv': { category: 'a', raw: 1.5, nullScore: -2, perfect: 2 },
    'b/y.csv': { category: 'b', raw: -1, nullScore: -1, perfect: 1 },
    'c/z.csv': { category: 'c', raw: 1, nullScore: -1, perfect: 1 },
  });
  const published = {
    detector: 'other',
    profile: 'standard',
    files: new Map([
      ['a/x.csv', 0.5],
      ['b/y.csv', 0.9],
      ['d/w.csv', 2],
    ]),
    total: 3.4,
  };

  it('normalises both detectors over the shared files only, with the same null and perfect scores', () => {
    const c = comparePublished(run, published);
    expect(c.total.files).toBe(2);
    expect(c.total.ours).toBeCloseTo((100 * (0.5 + 3)) / 6, 10);
    expect(c.total.theirs).toBeCloseTo((100 * (1.4 + 3)) / 6, 10);
    expect(c.categories.a?.ours).toBeCloseTo((100 * 3.5) / 4, 10);
    expect(c.categories.b?.theirs).toBeCloseTo((100 * 1.9) / 2, 10);
    expect(c.categories.c).toBeUndefined();
    expect(c.unmatched).toEqual(['c/z.csv']);
    expect(c.largestGaps.map((g) => g.file)).toEqual(['b/y.csv', 'a/x.csv']);
  });

  it('prints one line per comparison with the category breakdown and the largest gaps', () => {
    const text = formatComparisons([comparePublished(run, published)]);
    expect(text).toContain('standard: daytwo 58.33 vs other 73.33 on the same 2 files (1 not in its scores: c/z.csv)');
    expect(text).toContain('b/y.csv -1.00/0.90');
  });
});
