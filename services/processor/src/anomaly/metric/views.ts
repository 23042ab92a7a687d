import type { RankSurprise } from './rank-surprise';
import type { RingBuffer } from './ring-buffer';

/** The views of a sample the detector scores; the most surprising one decides the score and the reason. */
export interface SampleViews {
  level: RankSurprise;
  change: RankSurprise | undefined;
  season: RankSurprise | undefined;
  sustained: RankSurprise | undefined;
  shape: RankSurprise | undefined;
  period: number;
}

/**
 * Effective number of independent views behind the maximum, for the nominal rate of big surprises. The views are
 * correlated (value and moving average especially); 3 matched calm series best.
 */
export const EFFECTIVE_VIEWS = 3;

/**
 * The most surprising view decides the reason; the score adds `corroboration` times the second most surprising view,
 * since a real event usually shows in more than one view (a spike moves the value, its change and the average).
 */
export function strongestView(v: SampleViews, corroboration: number): { surprise: number; reason: string } {
  let surprise = v.level.surprise;
  let reason = 'value unusual for its recent range';
  if (v.change !== undefined && v.change.surprise > surprise) {
    surprise = v.change.surprise;
    reason = 'unusual change from the previous sample';
  }
  if (v.season !== undefined && v.season.surprise > surprise) {
    surprise = v.season.surprise;
    reason = `unusual for its season of ${v.period} samples`;
  }
  if (v.sustained !== undefined && v.sustained.surprise > surprise) {
    surprise = v.sustained.surprise;
    reason = 'sustained shift of the moving average';
  }
  if (v.shape !== undefined && v.shape.surprise > surprise) {
    surprise = v.shape.surprise;
    reason = 'unusual shape of the recent samples';
  }
  let second = 0;
  const all = [v.level, v.change, v.season, v.sustained, v.shape];
  for (const view of all) {
    if (view !== undefined && view.surprise < surprise && view.surprise > second) second = view.surprise;
  }
  const ties = all.filter((view) => view?.surprise === surprise).length;
  if (ties > 1) second = surprise;
  return { surprise: surprise + corroboration * second, reason };
}

/** Median of the values one, two and three seasons ago, so one odd season does not echo a season later. */
export function seasonalReference(values: RingBuffer, period: number): number | undefined {
  const a = values.get(period - 1);
  const b = values.get(2 * period - 1);
  const c = values.get(3 * period - 1);
  if (a === undefined) return undefined;
  if (b === undefined) return a;
  if (c === undefined) return (a + b) / 2;
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
