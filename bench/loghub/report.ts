import type { GroupingScore } from '@daytwo/processor';

export interface SystemResult {
  readonly system: string;
  readonly score: GroupingScore;
  readonly streamingScore: GroupingScore;
  readonly headerMisses: number;
  readonly templates: number;
}

const PUBLISHED_DRAIN_MEAN = 0.866;

export function printReport(
  results: readonly SystemResult[],
  missing: readonly string[],
  linesPerSecond: number,
  outDir: string,
): void {
  const rows = results.map((r) => [
    r.system,
    r.score.lines.toString(),
    r.templates.toString(),
    r.score.groupingAccuracy.toFixed(4),
    r.score.f1.toFixed(4),
    r.streamingScore.groupingAccuracy.toFixed(4),
    r.headerMisses.toString(),
  ]);
  const meanOf = (pick: (r: SystemResult) => number): string =>
    (results.length === 0 ? 0 : results.reduce((sum, r) => sum + pick(r), 0) / results.length).toFixed(4);
  rows.push([
    'MEAN',
    '',
    '',
    meanOf((r) => r.score.groupingAccuracy),
    meanOf((r) => r.score.f1),
    meanOf((r) => r.streamingScore.groupingAccuracy),
    '',
  ]);
  const head = ['system', 'lines', 'templates', 'grouping_acc', 'pairwise_f1', 'streaming_acc', 'header_misses'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ');
  console.log(line(head));
  for (const row of rows) console.log(line(row));
  console.log(
    `systems scored: ${results.length}/16; published Drain (per-dataset tuning) mean: ${PUBLISHED_DRAIN_MEAN}`,
  );
  console.log('grouping_acc: final grouping (merged templates resolved), as the Loghub evaluator scores a parser;');
  console.log('streaming_acc: the id each line got when it was mined (before later merges).');
  for (const m of missing) console.log(`not scored: ${m}`);
  console.log(`throughput (mask + mine, built-in config): ${Math.round(linesPerSecond)} lines/s`);
  console.log(`parsed groups written to ${outDir}/<System>.csv (LineId,EventId)`);
}
