/** How well a parsed grouping of lines reproduces a ground-truth grouping (the Loghub evaluator's measures). */
export interface GroupingScore {
  readonly lines: number;
  /** Share of lines whose parsed group holds exactly the lines of their ground-truth group. */
  readonly groupingAccuracy: number;
  /** Pairwise measures over unordered pairs of lines put in the same group. */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/**
 * Scores `parsed` (line → parsed group) against `truth` (line → true group). Only lines in `truth` count; a truth
 * line with no parsed group is a group of its own. A ratio with no pairs to count (0/0) is 1.
 */
export function scoreGrouping(truth: ReadonlyMap<number, string>, parsed: ReadonlyMap<number, string>): GroupingScore {
  const truthSizes = new Map<string, number>();
  const parsedGroups = new Map<string, string[]>();
  for (const [line, group] of truth) {
    truthSizes.set(group, (truthSizes.get(group) ?? 0) + 1);
    const parsedGroup = parsed.get(line) ?? `\u0000unparsed:${line}`;
    let members = parsedGroups.get(parsedGroup);
    if (members === undefined) {
      members = [];
      parsedGroups.set(parsedGroup, members);
    }
    members.push(group);
  }

  let truePairs = 0;
  for (const size of truthSizes.values()) truePairs += pairs(size);

  let parsedPairs = 0;
  let sharedPairs = 0;
  let correctLines = 0;
  const inGroup = new Map<string, number>();
  for (const members of parsedGroups.values()) {
    parsedPairs += pairs(members.length);
    inGroup.clear();
    for (const group of members) inGroup.set(group, (inGroup.get(group) ?? 0) + 1);
    for (const count of inGroup.values()) sharedPairs += pairs(count);
    if (inGroup.size === 1 && truthSizes.get(members[0] as string) === members.length) correctLines += members.length;
  }

  const precision = ratio(sharedPairs, parsedPairs);
  const recall = ratio(sharedPairs, truePairs);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    lines: truth.size,
    groupingAccuracy: truth.size === 0 ? 1 : correctLines / truth.size,
    precision,
    recall,
    f1,
  };
}

function pairs(n: number): number {
  return (n * (n - 1)) / 2;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}
