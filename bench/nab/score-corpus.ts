import {
  type AnomalyPoint,
  type CostMatrix,
  type ThresholdScore,
  type WindowRows,
  bestThreshold,
  calcScoreByThreshold,
  calcSweepScore,
  normalizedScore,
  probationaryLength,
  scoreAtThreshold,
} from './sweeper';

export interface ScoredFile {
  key: string;
  category: string;
  windows: WindowRows[];
  anomalyScores: number[];
}

export interface GroupResult {
  raw: number;
  nullScore: number;
  perfect: number;
  normalized: number;
  /** NAB's row counts (every row >= threshold is a positive). */
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Windows with at least one detection, windows without one. */
  windowsDetected: number;
  windowsMissed: number;
}

/** One file's raw score at the profile's threshold, with the null and perfect scores it is normalised between. */
export interface FileResult {
  category: string;
  raw: number;
  nullScore: number;
  perfect: number;
}

export interface ProfileResult extends GroupResult {
  profile: string;
  threshold: number;
  categories: Record<string, GroupResult>;
  /** Per file key (`<category>/<name>.csv`). */
  files: Record<string, FileResult>;
}

/** NAB's null detector: a constant 0.5 for every row. */
const NULL_SCORE = 0.5;

function sweepFiles(files: readonly ScoredFile[], cost: CostMatrix, scores: (f: ScoredFile) => number[]) {
  let windowId = 0;
  return files.map((f) => {
    const points = calcSweepScore(scores(f), f.windows, cost, windowId);
    windowId += f.windows.length;
    return points;
  });
}

function optimize(perFile: readonly AnomalyPoint[][], cost: CostMatrix): number {
  return bestThreshold(calcScoreByThreshold(perFile.flat(), cost)).threshold;
}

function windowCounts(f: ScoredFile, threshold: number): { detected: number; missed: number } {
  const probation = probationaryLength(f.anomalyScores.length);
  let detected = 0;
  let missed = 0;
  for (const w of f.windows) {
    if (w.end < probation) continue;
    let hit = false;
    for (let i = Math.max(w.start, probation); i <= w.end && !hit; i++) hit = (f.anomalyScores[i] ?? 0) >= threshold;
    if (hit) detected++;
    else missed++;
  }
  return { detected, missed };
}

function emptyGroup(): GroupResult {
  return {
    raw: 0,
    nullScore: 0,
    perfect: 0,
    normalized: 0,
    tp: 0,
    fp: 0,
    fn: 0,
    tn: 0,
    windowsDetected: 0,
    windowsMissed: 0,
  };
}

function add(
  g: GroupResult,
  s: ThresholdScore,
  nullScore: number,
  perfect: number,
  w: { detected: number; missed: number },
) {
  g.raw += s.score;
  g.nullScore += nullScore;
  g.perfect += perfect;
  g.tp += s.tp;
  g.fp += s.fp;
  g.fn += s.fn;
  g.tn += s.tn;
  g.windowsDetected += w.detected;
  g.windowsMissed += w.missed;
}

/**
 * Scores a corpus the way NAB's runner does for one profile: optimise one threshold over the whole corpus, score each
 * file at that threshold, and normalise between the null detector and the perfect detector (every window counted as
 * a full true positive, as NAB's `normalize` does with the label file). With `fixedThreshold` the corpus is scored at
 * that threshold instead (what a deployed threshold would give).
 */
export function scoreProfile(
  profile: string,
  files: readonly ScoredFile[],
  cost: CostMatrix,
  fixedThreshold?: number,
): ProfileResult {
  const detectorPoints = sweepFiles(files, cost, (f) => f.anomalyScores);
  const nullPoints = sweepFiles(files, cost, (f) => f.anomalyScores.map(() => NULL_SCORE));
  const threshold = fixedThreshold ?? optimize(detectorPoints, cost);
  const nullThreshold = optimize(nullPoints, cost);
  const total = emptyGroup();
  const categories: Record<string, GroupResult> = {};
  const perFile: Record<string, FileResult> = {};
  files.forEach((f, i) => {
    const s = scoreAtThreshold(calcScoreByThreshold(detectorPoints[i] ?? [], cost), threshold);
    const n = scoreAtThreshold(calcScoreByThreshold(nullPoints[i] ?? [], cost), nullThreshold).score;
    const perfect = f.windows.length * cost.tpWeight;
    const w = windowCounts(f, threshold);
    add(total, s, n, perfect, w);
    add((categories[f.category] ??= emptyGroup()), s, n, perfect, w);
    perFile[f.key] = { category: f.category, raw: s.score, nullScore: n, perfect };
  });
  for (const g of [total, ...Object.values(categories)]) {
    g.normalized = g.perfect === g.nullScore ? Number.NaN : normalizedScore(g.raw, g.nullScore, g.perfect);
  }
  return { profile, threshold, ...total, categories, files: perFile };
}
