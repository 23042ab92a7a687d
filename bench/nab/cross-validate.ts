import type { CostMatrix } from './sweeper';
import { scoreProfile, type ScoredFile } from './score-corpus';

/** Every combination of the grid's values, e.g. {a: [1, 2], b: [3]} → [{a: 1, b: 3}, {a: 2, b: 3}]. */
export function expandGrid(grid: Readonly<Record<string, readonly number[]>>): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    out = out.flatMap((partial) => values.map((v) => ({ ...partial, [key]: v })));
  }
  return out;
}

/** A held-out fold: the files it holds out, named. */
export interface Fold {
  name: string;
  test: ReadonlySet<string>;
}

/** One fold per category (leave one category out). */
export function categoryFolds(files: readonly ScoredFile[]): Fold[] {
  const categories = [...new Set(files.map((f) => f.category))];
  return categories.map((c) => ({
    name: `without ${c}`,
    test: new Set(files.filter((f) => f.category === c).map((f) => f.key)),
  }));
}

/** Two folds that split every category in halves (alternate files in sorted order), so both halves see each kind. */
export function halfFolds(files: readonly ScoredFile[]): Fold[] {
  const seen = new Map<string, number>();
  const a = new Set<string>();
  const b = new Set<string>();
  for (const f of files) {
    const i = seen.get(f.category) ?? 0;
    seen.set(f.category, i + 1);
    (i % 2 === 0 ? a : b).add(f.key);
  }
  return [
    { name: 'half A held out', test: a },
    { name: 'half B held out', test: b },
  ];
}

/** The objective a candidate is chosen by: the standard profile's normalised score over the given files. */
export function objective(files: readonly ScoredFile[], cost: CostMatrix): number {
  return scoreProfile('standard', files, cost).normalized;
}

export interface CrossValidation {
  /** Index of the candidate chosen on the training files of each fold. */
  chosen: { fold: string; candidate: number; train: number; heldOut: number }[];
  /** Every file scored by the candidate chosen without it (out-of-fold scores), for the corpus-wide figure. */
  outOfFold: ScoredFile[];
}

/**
 * For each fold: the candidate with the best objective on the other files, and its objective on the held-out files
 * (NaN when they have no windows). `runs[c]` are the scored files of candidate c, in one order for all candidates.
 */
export function crossValidate(
  runs: readonly ScoredFile[][],
  folds: readonly Fold[],
  cost: CostMatrix,
): CrossValidation {
  const outOfFold = new Map<string, ScoredFile>();
  const chosen = folds.map((fold) => {
    let best = 0;
    let bestScore = -Infinity;
    runs.forEach((files, c) => {
      const s = objective(
        files.filter((f) => !fold.test.has(f.key)),
        cost,
      );
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    });
    const test = (runs[best] ?? []).filter((f) => fold.test.has(f.key));
    for (const f of test) outOfFold.set(f.key, f);
    return { fold: fold.name, candidate: best, train: bestScore, heldOut: objective(test, cost) };
  });
  const order = (runs[0] ?? []).map((f) => f.key);
  return { chosen, outOfFold: order.flatMap((k) => outOfFold.get(k) ?? []) };
}
