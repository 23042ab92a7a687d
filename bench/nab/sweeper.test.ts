import {
  type CostMatrix,
  NO_WINDOW,
  PROBATIONARY,
  bestThreshold,
  calcScoreByThreshold,
  calcSweepScore,
  normalizedScore,
  probationaryLength,
  scaledSigmoid,
  scoreAtThreshold,
} from './sweeper';

const STANDARD: CostMatrix = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
// 20 rows: rows 0-2 are probationary (floor(0.15 * 20) = 3), one window on rows 10..14 (width 5).
const WINDOW = [{ start: 10, end: 14 }];

function detectionsAt(rows: readonly number[], length = 20): number[] {
  return Array.from({ length }, (_, i) => (rows.includes(i) ? 1 : 0));
}

/** Raw NAB score of one file when exactly `rows` are detections (score 1, every other row 0, threshold 1). */
function rawScore(rows: readonly number[], cost = STANDARD): number {
  const points = calcSweepScore(detectionsAt(rows), WINDOW, cost, 0);
  return scoreAtThreshold(calcScoreByThreshold(points, cost), 1).score;
}

describe('scaledSigmoid', () => {
  it.each([
    [-1, 0.9866142981514305],
    [-0.5, 0.8482836399575131],
    [0, 0],
    [1, -0.9866142981514303],
    [3, 2 / (1 + Math.exp(15)) - 1],
    [3.01, -1],
  ])('at %d is %d', (x, y) => {
    expect(scaledSigmoid(x)).toBeCloseTo(y, 12);
  });
});

describe('probationaryLength', () => {
  it.each([
    [20, 3],
    [1127, 169],
    [4032, 604],
    [22695, 750],
  ])('of %d rows is %d', (rows, length) => {
    expect(probationaryLength(rows)).toBe(length);
  });
});

describe('NAB raw score of one file with one window (rows 10..14)', () => {
  it.each([
    ['a true positive on the first row of the window', [10], 1.0],
    ['a true positive on the last row of the window', [14], 0.46838684390227814],
    ['only the earliest of several detections in the window', [12, 14, 10], 1.0],
    ['a miss', [], -1],
    ['a detection in the probationary period (not scored) and a miss', [1], -1],
    ['a false positive before any window and a miss', [5], -1.11],
    ['a false positive half a window width after the window', [16], -1 - 0.09331120039532642],
    ['an early true positive and a false positive far after', [10, 19], 1 - 0.10957611837406796],
  ])('%s', (_name, rows, expected) => {
    expect(rawScore(rows)).toBeCloseTo(expected, 10);
  });

  it('weights a miss by fnWeight and a false positive by fpWeight', () => {
    expect(rawScore([5], { tpWeight: 1, fpWeight: 0.22, fnWeight: 2 })).toBeCloseTo(-2.22, 10);
  });
});

describe('calcSweepScore', () => {
  it('names windows, probationary rows and rows outside windows', () => {
    const points = calcSweepScore(detectionsAt([]), WINDOW, STANDARD, 7);
    expect(points.map((p) => p.windowId)).toEqual([
      ...Array<number>(3).fill(PROBATIONARY),
      ...Array<number>(7).fill(NO_WINDOW),
      ...Array<number>(5).fill(7),
      ...Array<number>(5).fill(NO_WINDOW),
    ]);
  });
});

describe('threshold sweep', () => {
  // Window rows 10..14. Scores: 0.9 at row 5 (FP before any window), 0.8 at row 12, 0.7 at row 10.
  const scores = detectionsAt([]);
  scores[5] = 0.9;
  scores[12] = 0.8;
  scores[10] = 0.7;
  const sweep = calcScoreByThreshold(calcSweepScore(scores, WINDOW, STANDARD, 0), STANDARD);

  it('lists each distinct threshold with its score and row counts, highest first', () => {
    const tpAt12 = 0.9174286804284079;
    expect(sweep.map((s) => [s.threshold, s.tp, s.fp, s.fn])).toEqual([
      [1.1, 0, 0, 5],
      [0.9, 0, 1, 5],
      [0.8, 1, 1, 4],
      [0.7, 2, 1, 3],
      [0, 5, 12, 0],
    ]);
    expect(sweep.map((s) => s.score)).toEqual([
      -1,
      -1.11,
      expect.closeTo(tpAt12 - 0.11, 10),
      expect.closeTo(1 - 0.11, 10),
      // Every row detected: the window's first row, 7 FPs before it, 5 FPs 0.25..1.25 window widths after it.
      expect.closeTo(-0.24736583964427816, 10),
    ]);
  });

  it('picks the best threshold and scores a file at a threshold it does not contain', () => {
    expect(bestThreshold(sweep).threshold).toBe(0.7);
    expect(scoreAtThreshold(sweep, 0.75).threshold).toBe(0.8);
    expect(scoreAtThreshold(sweep, 0.7).threshold).toBe(0.7);
  });
});

describe('normalizedScore', () => {
  it.each([
    [-10, -10, 10, 0],
    [10, -10, 10, 100],
    [0, -10, 10, 50],
    [-12, -10, 10, -10],
  ])('raw %d between null %d and perfect %d is %d', (raw, nul, perfect, expected) => {
    expect(normalizedScore(raw, nul, perfect)).toBeCloseTo(expected, 10);
  });
});
