/**
 * TypeScript port of NAB's scoring rules (numenta/NAB `nab/sweeper.py`, the scorer used by NAB v1.x):
 * every row gets a "sweep score" (what it would add if it were a detection), then a threshold sweep over the rows
 * sorted by anomaly score gives the raw NAB score for every possible threshold.
 */

export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

/** A labelled anomaly window as row indices into its file (both ends inclusive). */
export interface WindowRows {
  start: number;
  end: number;
}

/** NAB marks rows inside the probationary period with this window name; they are never scored. */
export const PROBATIONARY = -2;
/** Window id of a row outside every window. */
export const NO_WINDOW = -1;

export interface AnomalyPoint {
  anomalyScore: number;
  /** What this row adds to the raw score if it is a detection. */
  sweepScore: number;
  /** Corpus-unique window id, NO_WINDOW, or PROBATIONARY. */
  windowId: number;
}

export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  total: number;
}

export const DEFAULT_PROBATION_PERCENT = 0.15;

/** 2·sigmoid(-5x) - 1, and a full penalty for false positives more than 3 window widths after a window. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3.0) return -1.0;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
}

/** NAB caps the probationary period at probationPercent·5000 rows (750 with the default 15%). */
export function probationaryLength(numRows: number, probationPercent = DEFAULT_PROBATION_PERCENT): number {
  return Math.min(Math.floor(probationPercent * numRows), probationPercent * 5000);
}

/**
 * Sweep scores of one file. `windows` must be sorted and non-overlapping; `firstWindowId` makes window ids unique
 * across a corpus (NAB names them "<file>|<start>").
 */
export function calcSweepScore(
  anomalyScores: readonly number[],
  windows: readonly WindowRows[],
  cost: CostMatrix,
  firstWindowId: number,
  probationPercent = DEFAULT_PROBATION_PERCENT,
): AnomalyPoint[] {
  const maxTP = scaledSigmoid(-1.0);
  const probation = probationaryLength(anomalyScores.length, probationPercent);
  const points: AnomalyPoint[] = [];
  let next = 0;
  let cur: WindowRows | undefined;
  let curId = NO_WINDOW;
  let prev: WindowRows | undefined;
  for (let i = 0; i < anomalyScores.length; i++) {
    const nextWindow = windows[next];
    if (cur === undefined && nextWindow !== undefined && i === nextWindow.start) {
      cur = nextWindow;
      curId = firstWindowId + next;
      next++;
    }
    let sweepScore: number;
    if (cur !== undefined) {
      const width = cur.end - cur.start + 1;
      // NAB's "+ 1" means a detection on the last row of a window still earns a little.
      const position = -(cur.end - i + 1) / width;
      sweepScore = (scaledSigmoid(position) * cost.tpWeight) / maxTP;
    } else if (prev === undefined) {
      sweepScore = -1.0 * cost.fpWeight;
    } else {
      const prevWidth = prev.end - prev.start + 1;
      sweepScore = scaledSigmoid(Math.abs(prev.end - i) / (prevWidth - 1)) * cost.fpWeight;
    }
    const windowId = i >= probation ? (cur !== undefined ? curId : NO_WINDOW) : PROBATIONARY;
    points.push({ anomalyScore: anomalyScores[i] ?? 0, sweepScore, windowId });
    if (cur !== undefined && i === cur.end) {
      prev = cur;
      cur = undefined;
      curId = NO_WINDOW;
    }
  }
  return points;
}

/**
 * Raw score and row counts for every distinct threshold, highest threshold first. A row is a detection when its
 * anomaly score is >= the threshold; in a window only the best (earliest) detection counts; every detection outside
 * a window adds its (negative) sweep score. The first entry (threshold 1.1) detects nothing.
 */
export function calcScoreByThreshold(points: readonly AnomalyPoint[], cost: CostMatrix): ThresholdScore[] {
  const scorable = points.filter((p) => p.windowId !== PROBATIONARY).sort((a, b) => b.anomalyScore - a.anomalyScore);
  const windowBest = new Map<number, number>();
  for (const p of scorable) if (p.windowId !== NO_WINDOW) windowBest.set(p.windowId, -cost.fnWeight);
  let windowSum = -cost.fnWeight * windowBest.size;
  let fpSum = 0;
  let tn = 0;
  let fn = 0;
  for (const p of scorable) {
    if (p.windowId === NO_WINDOW) tn++;
    else fn++;
  }
  let tp = 0;
  let fp = 0;
  const out: ThresholdScore[] = [];
  let threshold = 1.1;
  for (const p of scorable) {
    if (p.anomalyScore !== threshold) {
      out.push({ threshold, score: windowSum + fpSum, tp, tn, fp, fn, total: tp + tn + fp + fn });
      threshold = p.anomalyScore;
    }
    if (p.windowId === NO_WINDOW) {
      fp++;
      tn--;
      fpSum += p.sweepScore;
    } else {
      tp++;
      fn--;
      const best = windowBest.get(p.windowId) ?? -cost.fnWeight;
      if (p.sweepScore > best) {
        windowBest.set(p.windowId, p.sweepScore);
        windowSum += p.sweepScore - best;
      }
    }
  }
  out.push({ threshold, score: windowSum + fpSum, tp, tn, fp, fn, total: tp + tn + fp + fn });
  return out;
}

/** NAB's optimizer: the threshold with the highest corpus score (the highest such threshold on ties). */
export function bestThreshold(scores: readonly ThresholdScore[]): ThresholdScore {
  let best = scores[0];
  if (best === undefined) throw new RangeError('no threshold scores: the corpus has no scorable rows');
  for (const s of scores) if (s.score > best.score) best = s;
  return best;
}

/**
 * The entry NAB's `Sweeper.scoreDataSet` picks for one file at a given threshold: the exact threshold if this file
 * has a row with that score, else the last entry above it (rows >= threshold are detections either way).
 */
export function scoreAtThreshold(scores: readonly ThresholdScore[], threshold: number): ThresholdScore {
  let prev: ThresholdScore | undefined;
  for (const s of scores) {
    if (s.threshold === threshold) return s;
    if (s.threshold < threshold) break;
    prev = s;
  }
  // NAB's loop leaves `None` when every row scores above the threshold; that case means "every row detected".
  const fallback = prev ?? scores[scores.length - 1];
  if (fallback === undefined) throw new RangeError('no threshold scores for this file');
  return fallback;
}

/** NAB's final figure: 100 · (raw − null) / (perfect − null). */
export function normalizedScore(raw: number, nullScore: number, perfect: number): number {
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}
