/**
 * collector-logs memory and CPU with many pod logs of which few are written to, as on a node of a DaemonSet:
 * `npm run bench:logs:files -- --help`. Publishes to the local Kafka (topics of this run, deleted at the end); every
 * process it starts is stopped by its PID; temp files are removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchMain } from './bench-main';
import { benchKafka, deleteTopicsWithPrefix } from './kafka-topics';
import { MANY_FILES_USAGE, parseManyFilesArgs, type ManyFilesBenchArgs } from './many-files-args';
import { printManyFilesReport, writeManyFilesReport, type ManyFilesReport } from './many-files-report';
import { runManyFiles } from './many-files-run';

const log = (line: string) => console.log(line);

async function run(args: ManyFilesBenchArgs): Promise<ManyFilesReport> {
  const startedAt = new Date().toISOString();
  const stamp = `bench-files-${startedAt.replace(/\D/g, '').slice(0, 14)}-${process.pid}`;
  const report: ManyFilesReport = {
    startedAt,
    machine: { cpus: cpus().length, loadAverageStart: loadavg(), loadAverageEnd: [], node: process.version },
    args,
    results: [],
    notes: [],
  };
  const workDir = mkdtempSync(join(tmpdir(), `${stamp}-`));
  try {
    for (let run = 1; run <= args.runs; run++) {
      for (const [scenario, initialLines] of args.initialLines.entries()) {
        log(`run ${run}: ${args.files} files of ${initialLines} lines`);
        const result = await runManyFiles({
          workDir,
          topicPrefix: `${stamp}-s${scenario}r${run}`,
          run,
          files: args.files,
          active: args.active,
          rate: args.rate,
          initialLines,
          warmupSeconds: args.warmupSeconds,
          seconds: args.seconds,
          nodeArgs: args.collectorNodeArgs,
          overrides: args.collectorSet,
        });
        report.results.push(result);
      }
    }
  } finally {
    report.machine.loadAverageEnd = loadavg();
    const topics = await deleteTopicsWithPrefix(benchKafka(), `${stamp}-`).catch((err: unknown) => {
      report.notes.push(`topics not deleted: ${String(err)}`);
      return [];
    });
    log(`deleted ${topics.length} topics`);
    rmSync(workDir, { recursive: true, force: true });
  }
  return report;
}

benchMain({
  usage: MANY_FILES_USAGE,
  parse: parseManyFilesArgs,
  run,
  note:
    'RSS from /proc (VmRSS sampled, VmHWM peak); heap and external from the collector /metrics; CPU is user+system ' +
    'of the collector from /proc over the window. The machine is shared: compare runs made together.',
  print: printManyFilesReport,
  write: writeManyFilesReport,
});
