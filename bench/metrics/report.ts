import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricsBenchArgs } from './args';
import type { WindowResult } from './measure-window';

export interface RunnerReport extends WindowResult {
  runner: string;
  counters: object;
}

export interface MetricsBenchReport {
  startedAt: string;
  args: MetricsBenchArgs;
  /** Samples the targets expose per second: targets × series / interval. */
  offeredSamplesPerSecond: number;
  /** The target server's CPU over the whole bench (not part of any runner's numbers). */
  targetServerCpuSeconds: number;
  runs: RunnerReport[];
}

type Cell = string | number;

/** Fixed-width columns: the first left-aligned, the others right-aligned. */
function row(cells: readonly Cell[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => {
      const text = typeof cell === 'number' ? (Number.isFinite(cell) ? cell.toFixed(cell >= 100 ? 0 : 2) : '-') : cell;
      return i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!);
    })
    .join('');
}

const SUMMARY_WIDTHS = [10, 10, 10, 11, 11, 9, 9, 12, 10];
const PROCESS_WIDTHS = [28, 9, 9, 10, 10];

/**
 * The comparison table: one line per runner (stored: synthetic samples with a timestamp in the window that reached
 * Prometheus; written/s: every sample the runner wrote during the window; CPU per million written), then one line per
 * process.
 */
export function formatReport(report: MetricsBenchReport): string {
  const { args } = report;
  const lines = [
    `targets ${args.targets} × series ${args.series}, every ${args.intervalSeconds} s, window ${args.durationSeconds} s: ` +
      `${report.offeredSamplesPerSecond.toFixed(0)} samples/s offered; processor metrics chain: ${args.processors}`,
    '',
    row(
      ['runner', 'stored', 'expected', 'stored/s', 'written/s', 'lag s', 'CPU s', 'CPU s/M', 'RSS MiB'],
      SUMMARY_WIDTHS,
    ),
  ];
  for (const run of report.runs) {
    const cpu = run.processes.reduce((sum, p) => sum + p.cpuSeconds, 0);
    const rss = run.processes.reduce((sum, p) => sum + p.rssMb, 0);
    const perMillion = run.writtenSamples > 0 ? (cpu * 1e6) / run.writtenSamples : NaN;
    const cells = [run.runner, run.storedSamples, run.expectedSamples, run.samplesPerSecond, run.writtenPerSecond];
    lines.push(row([...cells, run.lagSeconds, cpu, perMillion, rss], SUMMARY_WIDTHS));
  }
  lines.push('', row(['process', 'CPU s', 'CPU %', 'RSS MiB', 'peak MiB'], PROCESS_WIDTHS));
  for (const run of report.runs) {
    for (const p of run.processes) {
      lines.push(row([`${run.runner} ${p.name}`, p.cpuSeconds, p.cpuPercent, p.rssMb, p.peakRssMb], PROCESS_WIDTHS));
    }
  }
  lines.push('', `target server CPU over the whole bench: ${report.targetServerCpuSeconds.toFixed(2)} s`);
  for (const run of report.runs) lines.push(`${run.runner} (job ${run.job}): ${JSON.stringify(run.counters)}`);
  return lines.join('\n');
}

/** Writes `<outDir>/summary.json`; returns its path. */
export function writeReport(outDir: string, report: MetricsBenchReport): string {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, 'summary.json');
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
