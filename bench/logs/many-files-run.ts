import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { collectorConfig, waitForPublished } from './collector-run';
import { percentile } from './percentile';
import { podLogPaths, SteadyWriter, writeInitialLines } from './pod-files';
import { cpuSeconds, peakRssMb, rssMb, sleep } from './process-stats';
import { ServiceChild } from './service-child';

export interface ManyFilesRunOptions {
  workDir: string;
  topicPrefix: string;
  run: number;
  files: number;
  active: number;
  rate: number;
  initialLines: number;
  warmupSeconds: number;
  seconds: number;
  nodeArgs: readonly string[];
  overrides: Record<string, Record<string, unknown>>;
}

export interface ManyFilesResult {
  run: number;
  files: number;
  active: number;
  initialLines: number;
  initialBytes: number;
  /** From the collector's start to every initial line acknowledged by Kafka. */
  initialSeconds: number;
  /** VmHWM once the initial lines were published. */
  initialPeakRssMb: number;
  /** The measured window: only the active files grow. */
  steady: {
    seconds: number;
    lines: number;
    linesPerSecond: number;
    cpuSeconds: number;
    /** CPU seconds per second, in percent of one core. */
    cpuPercent: number;
    rssMedianMb: number;
    rssMaxMb: number;
    /** From the collector's /metrics (prom-client's process and nodejs gauges), medians over the window. */
    heapUsedMb: number;
    heapTotalMb: number;
    externalMb: number;
    externalMaxMb: number;
  };
  /** VmHWM at the end of the run (start-up and initial read included). */
  peakRssMb: number;
}

const GAUGES = [
  'daytwo_collector_logs_records_published_total',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_size_total_bytes',
  'nodejs_external_memory_bytes',
] as const;
const MiB = 2 ** 20;
const median = (values: readonly number[]) => percentile(values, 50);

/**
 * One collector on `files` pod logs of `initialLines` lines each: measures the initial read, then a window in which
 * `active` files grow at `rate` lines/s in total and the others stay idle (RSS every 500 ms, /metrics every 2 s).
 */
export async function runManyFiles(options: ManyFilesRunOptions): Promise<ManyFilesResult> {
  const root = join(options.workDir, `pods-${options.topicPrefix}`);
  const paths = podLogPaths(root, options.files);
  const initialBytes = writeInitialLines(paths, options.initialLines);
  const initialTotal = options.files * options.initialLines;
  const state = join(options.workDir, `state-${options.topicPrefix}`);
  const config = collectorConfig(root, state, options.topicPrefix, options.overrides);
  const started = performance.now();
  const service = await ServiceChild.start({
    service: 'collector-logs',
    config,
    workDir: options.workDir,
    nodeArgs: options.nodeArgs,
  });
  let writer: SteadyWriter | undefined;
  try {
    await waitForPublished(service, initialTotal, started);
    const initialSeconds = (performance.now() - started) / 1000;
    const initialPeakRssMb = peakRssMb(service.pid) ?? 0;

    writer = new SteadyWriter(paths.slice(0, options.active), options.rate);
    await sleep(options.warmupSeconds * 1000);
    const before = { at: performance.now(), cpu: cpuSeconds(service.pid) ?? 0, ...(await service.metrics(GAUGES)) };
    const rss: number[] = [];
    const gauges: Array<Record<(typeof GAUGES)[number], number>> = [];
    const end = before.at + options.seconds * 1000;
    for (let tick = 0; performance.now() < end; tick++) {
      await sleep(500);
      rss.push(rssMb(service.pid) ?? NaN);
      if (tick % 4 === 3) gauges.push(await service.metrics(GAUGES));
    }
    const after = { at: performance.now(), cpu: cpuSeconds(service.pid) ?? 0, ...(await service.metrics(GAUGES)) };
    writer.stop();
    await waitForPublished(service, initialTotal + writer.written, performance.now());
    const deadLetters = await service.metric('daytwo_collector_logs_dead_letter_total');
    if (deadLetters > 0) throw new Error(`collector dead-lettered ${deadLetters} lines`);

    const seconds = (after.at - before.at) / 1000;
    const lines =
      after.daytwo_collector_logs_records_published_total - before.daytwo_collector_logs_records_published_total;
    const cpu = after.cpu - before.cpu;
    const mb = (name: (typeof GAUGES)[number]) => gauges.map((g) => g[name] / MiB);
    return {
      run: options.run,
      files: options.files,
      active: options.active,
      initialLines: options.initialLines,
      initialBytes,
      initialSeconds,
      initialPeakRssMb,
      steady: {
        seconds,
        lines,
        linesPerSecond: lines / seconds,
        cpuSeconds: cpu,
        cpuPercent: (100 * cpu) / seconds,
        rssMedianMb: median(rss),
        rssMaxMb: Math.max(...rss),
        heapUsedMb: median(mb('nodejs_heap_size_used_bytes')),
        heapTotalMb: median(mb('nodejs_heap_size_total_bytes')),
        externalMb: median(mb('nodejs_external_memory_bytes')),
        externalMaxMb: Math.max(...mb('nodejs_external_memory_bytes')),
      },
      peakRssMb: peakRssMb(service.pid) ?? 0,
    };
  } finally {
    writer?.stop();
    await service.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
}
