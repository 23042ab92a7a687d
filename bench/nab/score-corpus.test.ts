import { scoreProfile } from './score-corpus';

const STANDARD = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };

function file(key: string, length: number, windows: { start: number; end: number }[], hits: number[]) {
  const anomalyScores = Array.from({ length }, (_, i) => (hits.includes(i) ? 0.9 : 0.1));
  return { key, category: key.split('/')[0]!, windows, anomalyScores };
}

describe('scoreProfile', () => {
  it('scores 100 when every window is hit on its first row and nothing else fires', () => {
    const files = [
      file('a/x.csv', 100, [{ start: 40, end: 49 }], [40]),
      file('b/y.csv', 100, [{ start: 60, end: 69 }], [60]),
    ];
    const result = scoreProfile('standard', files, STANDARD);
    expect(result.threshold).toBe(0.9);
    expect(result.nullScore).toBe(-2);
    expect(result.perfect).toBe(2);
    expect(result.normalized).toBeCloseTo(100, 10);
    expect([result.windowsDetected, result.windowsMissed]).toEqual([2, 0]);
  });

  it('normalises between the null and perfect detectors, per category too', () => {
    // File a: hit on the first row (+1). File b: missed (-1) and a false positive before any window (-0.11).
    const files = [
      file('a/x.csv', 100, [{ start: 40, end: 49 }], [40]),
      file('b/y.csv', 100, [{ start: 60, end: 69 }], [20]),
    ];
    const result = scoreProfile('standard', files, STANDARD);
    expect(result.raw).toBeCloseTo(1 - 1 - 0.11, 10);
    expect(result.normalized).toBeCloseTo((100 * (-0.11 + 2)) / 4, 10);
    expect(result.categories.a?.normalized).toBeCloseTo(100, 10);
    expect(result.categories.b?.normalized).toBeCloseTo((100 * (-1.11 + 1)) / 2, 10);
    expect([result.windowsDetected, result.windowsMissed, result.fp]).toEqual([1, 1, 1]);
  });
});
