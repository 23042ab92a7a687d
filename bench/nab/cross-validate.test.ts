import { categoryFolds, crossValidate, expandGrid, halfFolds } from './cross-validate';
import type { ScoredFile } from './score-corpus';

const STANDARD = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };

/** A 100-row file with one window at 40..49, detected (score 0.9) at `hit` when given. */
function file(key: string, hit?: number): ScoredFile {
  const anomalyScores = Array.from({ length: 100 }, (_, i) => (i === hit ? 0.9 : 0.1));
  return { key, category: key.split('/')[0]!, windows: [{ start: 40, end: 49 }], anomalyScores };
}

describe('expandGrid', () => {
  it('gives every combination of the values', () => {
    expect(expandGrid({ a: [1, 2], b: [3, 4] })).toEqual([
      { a: 1, b: 3 },
      { a: 1, b: 4 },
      { a: 2, b: 3 },
      { a: 2, b: 4 },
    ]);
    expect(expandGrid({})).toEqual([{}]);
  });
});

describe('folds', () => {
  const files = ['a/1', 'a/2', 'a/3', 'b/1', 'b/2'].map((k) => file(k));

  it('leaves one category out per fold', () => {
    expect(categoryFolds(files).map((f) => [...f.test])).toEqual([
      ['a/1', 'a/2', 'a/3'],
      ['b/1', 'b/2'],
    ]);
  });

  it('splits every category into alternating halves', () => {
    expect(halfFolds(files).map((f) => [...f.test])).toEqual([
      ['a/1', 'a/3', 'b/1'],
      ['a/2', 'b/2'],
    ]);
  });
});

describe('crossValidate', () => {
  it('chooses per fold the candidate best on the other files and scores it on the held-out ones', () => {
    // Candidate 0 detects the window of category a only, candidate 1 that of category b only.
    const runs = [
      [file('a/1', 40), file('b/1')],
      [file('a/1'), file('b/1', 40)],
    ];
    const cv = crossValidate(runs, categoryFolds(runs[0]!), STANDARD);
    // Without a, candidate 1 wins on b; scored on a, it misses: the held-out score is the null detector's (0).
    expect(cv.chosen.map((c) => c.candidate)).toEqual([1, 0]);
    expect(cv.chosen.map((c) => c.train)).toEqual([100, 100]);
    expect(cv.chosen.map((c) => c.heldOut)).toEqual([0, 0]);
    expect(cv.outOfFold.map((f) => [f.key, f.anomalyScores[40]])).toEqual([
      ['a/1', 0.1],
      ['b/1', 0.1],
    ]);
  });
});
