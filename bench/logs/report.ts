import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, type IngestResult } from './ingest-result';
import type { LatencyAttempt } from './latency-run';
import type { StageResult } from './pipeline-run';

export interface LogsBenchReport {
  startedAt: string;
  machine: { cpus: number; loadAverageStart: number[]; loadAverageEnd: number[]; node: string; rsyslog?: string };
  file: { lines: number; bytes: number };
  ingest: IngestResult[];
  /** Median collector run over median rsyslog run: above 1, the collector is faster / cheaper. */
  ratio?: { linesPerSecond: number; linesPerCpuSecond: number; peakRss: number };
  pipeline: StageResult[];
  latency: LatencyAttempt[];
  notes: string[];
}

const num = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const row = (cells: readonly string[], widths: readonly number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');

export function ingestRatio(ingest: readonly IngestResult[]): LogsBenchReport['ratio'] {
  const collector = median(
    ingest.filter((r) => r.source === 'collector-logs'),
    (r) => r.linesPerSecond,
  );
  const rsyslog = median(
    ingest.filter((r) => r.source === 'rsyslog'),
    (r) => r.linesPerSecond,
  );
  if (collector === undefined || rsyslog === undefined) return undefined;
  const cpuMedian = (source: IngestResult['source']) =>
    median(
      ingest.filter((r) => r.source === source),
      (r) => r.linesPerCpuSecond,
    )!.linesPerCpuSecond;
  return {
    linesPerSecond: collector.linesPerSecond / rsyslog.linesPerSecond,
    linesPerCpuSecond: cpuMedian('collector-logs') / cpuMedian('rsyslog'),
    peakRss: collector.peakRssMb / rsyslog.peakRssMb,
  };
}

export function printReport(report: LogsBenchReport, log: (line: string) => void = console.log): void {
  const mb = (report.file.bytes / 2 ** 20).toFixed(0);
  log(`\ningest: ${report.file.lines} CRI lines (${mb} MiB) into Kafka, acks=all`);
  const w = [16, 4, 8, 10, 7, 12, 8, 6];
  log(row(['shipper', 'run', 'seconds', 'lines/s', 'cpu s', 'lines/cpu-s', 'rss MB', 'lost'], w));
  for (const r of report.ingest) {
    const cells = [r.source, String(r.run), num(r.seconds, 2), num(r.linesPerSecond), num(r.cpuSeconds, 2)];
    log(row([...cells, num(r.linesPerCpuSecond), num(r.peakRssMb), String(r.lost)], w));
  }
  if (report.ratio) {
    const { linesPerSecond, linesPerCpuSecond, peakRss } = report.ratio;
    log(
      `collector-logs / rsyslog (medians): lines/s x${num(linesPerSecond, 2)}, lines/cpu-s x${num(linesPerCpuSecond, 2)}` +
        `, peak RSS x${num(peakRss, 2)}`,
    );
  }
  if (report.pipeline.length > 0) {
    log('\nstages on the collector records (backlog, measured from first progress to last record)');
    const p = [10, 9, 8, 10, 7, 14, 8];
    log(row(['stage', 'records', 'seconds', 'records/s', 'cpu s', 'records/cpu-s', 'rss MB'], p));
    for (const s of report.pipeline) {
      const cells = [s.stage, String(s.records), num(s.seconds, 2), num(s.recordsPerSecond), num(s.cpuSeconds, 2)];
      log(row([...cells, num(s.recordsPerCpuSecond), num(s.peakRssMb)], p));
    }
  }
  if (report.latency.length > 0) {
    log('\nend to end: line written -> searchable in Elasticsearch (collector, processor, sink running together)');
    const l = [12, 10, 12, 8, 8, 8, 8, 8, 10];
    log(row(['target/s', 'written/s', 'searchable/s', 'seen', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'sustained'], l));
    for (const a of report.latency) {
      const rates = [num(a.targetRate), num(a.writtenRate), num(a.searchableRate), `${a.seen}/${a.lines}`];
      log(row([...rates, num(a.p50Ms), num(a.p90Ms), num(a.p99Ms), num(a.maxMs), String(a.sustained)], l));
    }
  }
  for (const note of report.notes) log(`note: ${note}`);
}

/** Writes `<dir>/<timestamp>.json`; returns its path. */
export function writeReport(dir: string, report: LogsBenchReport): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
