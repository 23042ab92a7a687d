/**
 * Metrics path throughput: `npm run bench:metrics -- [--targets 50] [--series 1000] [--interval 5] [--duration 60]
 * [--partitions 3] [--processors shipped|none] [--only daytwo|agent] [--out bench-results/metrics]`. A local process
 * serves M synthetic targets × S series; daytwo (collector-metrics → Kafka → processor → sink, shipped configs) and
 * then Prometheus in agent mode scrape them into the local Prometheus under distinct job labels. Prints samples/s,
 * CPU seconds and RSS per process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuSeconds } from '../logs/process-stats';
import { runAgent } from './agent-run';
import { BenchArgsError, parseMetricsBenchArgs, USAGE } from './args';
import { runDaytwo } from './daytwo-run';
import { formatReport, writeReport, type MetricsBenchReport, type RunnerReport } from './report';
import { startSyntheticTargets } from './synthetic-targets';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const args = parseMetricsBenchArgs(argv);
  const runId = `bench_metrics_${Date.now().toString(36)}`;
  const workDir = mkdtempSync(join(tmpdir(), 'daytwo-bench-metrics-'));
  const startedAt = new Date().toISOString();
  process.stdout.write(`bench:metrics ${runId}, logs in ${workDir}\n`);
  const targets = await startSyntheticTargets(args.targets, args.series, workDir);
  const runs: RunnerReport[] = [];
  let targetCpu = 0;
  try {
    for (const runner of args.runners) {
      process.stdout.write(`running ${runner}...\n`);
      const result =
        runner === 'daytwo'
          ? await runDaytwo(args, targets.addresses, workDir, runId)
          : await runAgent(args, targets.addresses, workDir, runId);
      runs.push({ runner, ...result });
    }
    targetCpu = cpuSeconds(targets.child.pid) ?? 0;
  } finally {
    await targets.child.stop();
  }
  const report: MetricsBenchReport = {
    startedAt,
    args,
    offeredSamplesPerSecond: (args.targets * args.series) / args.intervalSeconds,
    targetServerCpuSeconds: targetCpu,
    runs,
  };
  process.stdout.write(`\n${formatReport(report)}\n`);
  process.stdout.write(`\nwrote ${writeReport(resolve(args.out), report)}\n`);
  rmSync(workDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:metrics: ${err instanceof BenchArgsError ? err.message : String(err)}\n`);
  if (err instanceof BenchArgsError) process.stderr.write(`${USAGE}\n`);
  process.exitCode = 1;
});
