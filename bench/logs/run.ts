/**
 * collector-logs against rsyslog (imfile -> omkafka) on the same CRI file and broker, then processor and sink
 * throughput on the collector's records, then end-to-end latency at a steady rate: `npm run bench:logs -- --help`.
 * Every process it starts is stopped by its PID; topics, indices and temp files are removed at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLogsBenchArgs, USAGE, type LogsBenchArgs } from './args';
import { benchMain } from './bench-main';
import { runCollector } from './collector-run';
import { writeCriFile } from './cri-lines';
import { deleteWithPrefix } from './elasticsearch';
import type { IngestResult } from './ingest-result';
import { benchKafka, deleteTopicsWithPrefix } from './kafka-topics';
import { runLatency } from './latency-run';
import { runPipeline } from './pipeline-run';
import { ingestRatio, printReport, writeReport, type LogsBenchReport } from './report';
import { ensureRsyslog, runRsyslog } from './rsyslog-run';

const log = (line: string) => console.log(line);

function rsyslogVersion(): string | undefined {
  try {
    return execFileSync('/usr/sbin/rsyslogd', ['-v'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

async function run(args: LogsBenchArgs): Promise<LogsBenchReport> {
  const startedAt = new Date().toISOString();
  const stamp = `bench-logs-${startedAt.replace(/\D/g, '').slice(0, 14)}`;
  // Index names of the sink allow no `-`.
  const indexStamp = stamp.replace(/-/g, '_');
  const withRsyslog = !args.skip.includes('rsyslog');
  if (withRsyslog) ensureRsyslog(log);
  const report: LogsBenchReport = {
    startedAt,
    machine: { cpus: cpus().length, loadAverageStart: loadavg(), loadAverageEnd: [], node: process.version },
    file: { lines: args.lines, bytes: 0 },
    ingest: [],
    pipeline: [],
    latency: [],
    notes: [],
  };
  if (withRsyslog) report.machine.rsyslog = rsyslogVersion();
  const workDir = mkdtempSync(join(tmpdir(), `${stamp}-`));
  const kafka = benchKafka();
  try {
    const file = join(workDir, 'bench.log');
    log(`writing ${args.lines} lines to ${file}`);
    report.file.bytes = await writeCriFile(file, args.lines);
    const collectorRuns: IngestResult[] = [];
    for (let run = 1; run <= args.runs; run++) {
      const topicPrefix = `${stamp}-c${run}`;
      log(`collector-logs run ${run}`);
      const result = await runCollector({
        file,
        lines: args.lines,
        workDir,
        topicPrefix,
        run,
        nodeArgs: args.collectorNodeArgs,
        overrides: args.collectorSet,
      });
      collectorRuns.push(result);
      report.ingest.push(result);
      if (withRsyslog) {
        log(`rsyslog run ${run}`);
        const topic = `${stamp}-rsyslog-${run}`;
        report.ingest.push(
          await runRsyslog(kafka, { file, lines: args.lines, workDir, topic, partitions: args.partitions, run }),
        );
      }
    }
    report.ratio = ingestRatio(report.ingest);
    for (const r of report.ingest.filter((i) => i.lost > 0)) {
      report.notes.push(`${r.source} run ${r.run} lost ${r.lost} of ${r.lines} lines: ${r.problem ?? ''}`);
    }
    if (!args.skip.includes('pipeline')) {
      log('processor and sink on the records of collector run 1');
      const indexPrefix = `${indexStamp}_pipeline`;
      report.pipeline = await runPipeline(kafka, {
        topicPrefix: `${stamp}-c1`,
        indexPrefix,
        records: args.lines,
        workDir,
        partitions: args.partitions,
      });
    }
    if (!args.skip.includes('latency')) {
      log(`end-to-end latency at ${args.rate} lines/s for ${args.latencySeconds} s`);
      report.latency = await runLatency(kafka, {
        workDir,
        topicPrefix: `${stamp}-e2e`,
        indexPrefix: `${indexStamp}_e2e`,
        partitions: args.partitions,
        rates: [1, 0.75, 0.5, 0.25].map((f) => Math.round(args.rate * f)),
        seconds: args.latencySeconds,
        pollMs: args.pollMs,
        collectorNodeArgs: args.collectorNodeArgs,
      });
    }
  } finally {
    report.machine.loadAverageEnd = loadavg();
    const topics = await deleteTopicsWithPrefix(kafka, stamp).catch((err: unknown) => {
      report.notes.push(`topics not deleted: ${String(err)}`);
      return [];
    });
    log(`deleted ${topics.length} topics`);
    await deleteWithPrefix(indexStamp).catch((err: unknown) =>
      report.notes.push(`indices not deleted: ${String(err)}`),
    );
    if (args.keepWorkDir) {
      rmSync(join(workDir, 'bench.log'), { force: true });
      log(`work directory kept: ${workDir}`);
    } else {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return report;
}

benchMain({
  usage: USAGE,
  parse: parseLogsBenchArgs,
  run,
  note:
    'CPU is user+system of the measured process from /proc (all threads); the machine is shared, so compare runs ' +
    'made together (the load averages are in the JSON).',
  print: printReport,
  write: writeReport,
});
