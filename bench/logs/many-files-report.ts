import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManyFilesBenchArgs } from './many-files-args';
import type { ManyFilesResult } from './many-files-run';

export interface ManyFilesReport {
  startedAt: string;
  machine: { cpus: number; loadAverageStart: number[]; loadAverageEnd: number[]; node: string };
  args: ManyFilesBenchArgs;
  results: ManyFilesResult[];
  notes: string[];
}

const num = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const row = (cells: readonly string[], widths: readonly number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');

export function printManyFilesReport(report: ManyFilesReport, log: (line: string) => void = console.log): void {
  const { files, active, rate, seconds } = report.args;
  log(`\ncollector-logs on ${files} pod logs: ${active} written to at ${rate} lines/s in total, the others idle`);
  log(`initial: reading the lines there at start; steady: a ${seconds} s window (RSS every 0.5 s, /metrics every 2 s)`);
  const w = [14, 4, 9, 9, 10, 10, 9, 9, 9, 8, 8, 8];
  const header = ['lines/file', 'run', 'initial s', 'init rss', 'steady rss', 'rss max', 'peak rss', 'heap MB'];
  log(row([...header, 'ext MB', 'ext max', 'cpu %', 'lines/s'], w));
  for (const r of report.results) {
    const s = r.steady;
    const cells = [`${r.initialLines}`, String(r.run), num(r.initialSeconds, 1), num(r.initialPeakRssMb)];
    const memory = [num(s.rssMedianMb), num(s.rssMaxMb), num(r.peakRssMb), num(s.heapUsedMb)];
    log(
      row(
        [...cells, ...memory, num(s.externalMb), num(s.externalMaxMb), num(s.cpuPercent, 1), num(s.linesPerSecond)],
        w,
      ),
    );
  }
  for (const note of report.notes) log(`note: ${note}`);
}

/** Writes `<dir>/<timestamp>.json`; returns its path. */
export function writeManyFilesReport(dir: string, report: ManyFilesReport): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
