import type { GroupResult, ProfileResult } from './score-corpus';

export interface RunStats {
  files: number;
  samples: number;
  detectSeconds: number;
  /** CPU time of the detection loop: the fair speed figure on a shared machine. */
  detectCpuSeconds: number;
}

function fmt(n: number, digits = 1): string {
  return Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
}

function groupCells(name: string, g: GroupResult): string[] {
  return [
    name,
    fmt(g.normalized, 2),
    fmt(g.raw, 2),
    String(g.windowsDetected),
    String(g.windowsMissed),
    String(g.tp),
    String(g.fp),
    String(g.fn),
  ];
}

/** The human-readable table: per profile the normalised score and counts, then the per-category breakdown. */
export function formatReport(results: readonly ProfileResult[], stats: RunStats): string {
  const widths = [32, 9, 9, 7, 7, 7, 7, 7];
  const header = row(['profile / category', 'score', 'raw', 'win+', 'win-', 'TP', 'FP', 'FN'], widths);
  const lines = [header, '-'.repeat(header.length)];
  for (const r of results) {
    lines.push(row(groupCells(`${r.profile} (t=${+r.threshold.toPrecision(6)})`, r), widths));
  }
  lines.push('');
  lines.push(header);
  lines.push('-'.repeat(header.length));
  for (const r of results) {
    for (const [category, g] of Object.entries(r.categories))
      lines.push(row(groupCells(`${r.profile}/${category}`, g), widths));
  }
  const throughput = stats.samples / Math.max(stats.detectSeconds, 1e-9);
  const cpuThroughput = stats.samples / Math.max(stats.detectCpuSeconds, 1e-9);
  lines.push('');
  lines.push(
    `${stats.files} files, ${stats.samples} samples, detection ${stats.detectSeconds.toFixed(2)} s wall ` +
      `(${Math.round(throughput)} samples/s), ${stats.detectCpuSeconds.toFixed(2)} s CPU ` +
      `(${Math.round(cpuThroughput)} samples/CPU-s)`,
  );
  lines.push('win+/win- = windows detected/missed; TP/FP/FN = NAB row counts (every row >= threshold is a positive).');
  return lines.join('\n');
}
