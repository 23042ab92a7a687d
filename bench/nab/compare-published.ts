import { normalizedScore } from './sweeper';
import type { ProfileResult } from './score-corpus';
import type { PublishedScores } from './published-scores';

export interface GroupComparison {
  files: number;
  ours: number;
  theirs: number;
}

/** A published detector against this run on exactly the files scored here (normalised scores, 0 = null, 100 = perfect). */
export interface PublishedComparison {
  detector: string;
  profile: string;
  total: GroupComparison;
  categories: Record<string, GroupComparison>;
  /** Files scored here that the published scores do not list (left out of both sides). */
  unmatched: string[];
  /** Per file raw scores, largest gap first. */
  largestGaps: { file: string; ours: number; theirs: number }[];
}

interface Sums {
  files: number;
  ours: number;
  theirs: number;
  nullScore: number;
  perfect: number;
}

function normalize(s: Sums): GroupComparison {
  return {
    files: s.files,
    ours: normalizedScore(s.ours, s.nullScore, s.perfect),
    theirs: normalizedScore(s.theirs, s.nullScore, s.perfect),
  };
}

/**
 * Restricts a published detector's per-file raw scores to the files of this run and normalises both with the same
 * per-file null and perfect scores, so a subset of the corpus gives a like-for-like figure. Raw scores add up per file
 * because each profile's threshold is fixed before files are scored.
 */
export function comparePublished(ours: ProfileResult, published: PublishedScores): PublishedComparison {
  const empty = (): Sums => ({ files: 0, ours: 0, theirs: 0, nullScore: 0, perfect: 0 });
  const total = empty();
  const categories: Record<string, Sums> = {};
  const unmatched: string[] = [];
  const gaps: PublishedComparison['largestGaps'] = [];
  for (const [file, result] of Object.entries(ours.files)) {
    const theirs = published.files.get(file);
    if (theirs === undefined) {
      unmatched.push(file);
      continue;
    }
    for (const s of [total, (categories[result.category] ??= empty())]) {
      s.files++;
      s.ours += result.raw;
      s.theirs += theirs;
      s.nullScore += result.nullScore;
      s.perfect += result.perfect;
    }
    gaps.push({ file, ours: result.raw, theirs });
  }
  gaps.sort((a, b) => Math.abs(b.ours - b.theirs) - Math.abs(a.ours - a.theirs));
  return {
    detector: published.detector,
    profile: published.profile,
    total: normalize(total),
    categories: Object.fromEntries(
      Object.entries(categories)
        .filter(([, s]) => s.perfect !== s.nullScore)
        .map(([c, s]) => [c, normalize(s)]),
    ),
    unmatched,
    largestGaps: gaps,
  };
}

/** Lines for the report: one per comparison, then per category, then the files with the largest gaps. */
export function formatComparisons(comparisons: readonly PublishedComparison[], gapsShown = 5): string {
  const lines: string[] = [];
  for (const c of comparisons) {
    const t = c.total;
    lines.push(
      `${c.profile}: daytwo ${t.ours.toFixed(2)} vs ${c.detector} ${t.theirs.toFixed(2)} on the same ${t.files} files` +
        (c.unmatched.length > 0 ? ` (${c.unmatched.length} not in its scores: ${c.unmatched.join(', ')})` : ''),
    );
    for (const [category, g] of Object.entries(c.categories)) {
      lines.push(`  ${category.padEnd(24)} ${g.ours.toFixed(2).padStart(7)} vs ${g.theirs.toFixed(2).padStart(7)}`);
    }
    const gaps = c.largestGaps.slice(0, gapsShown).map((g) => `${g.file} ${g.ours.toFixed(2)}/${g.theirs.toFixed(2)}`);
    if (gaps.length > 0) lines.push(`  largest per-file gaps (raw daytwo/${c.detector}): ${gaps.join(', ')}`);
  }
  return lines.join('\n');
}
