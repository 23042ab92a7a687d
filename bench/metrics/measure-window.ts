import { readFileSync } from 'node:fs';
import { cpuSeconds, peakRssMb, sleep, waitUntil } from '../logs/process-stats';
import type { MetricsBenchArgs } from './args';
import { storedSamples, waitForWindow } from './prometheus-samples';
import { SYNTHETIC_NAME_PREFIX } from './synthetic-exposition';

export interface MeasuredProcess {
  name: string;
  pid: number;
}

export interface ProcessUsage {
  name: string;
  /** utime + stime during the window. */
  cpuSeconds: number;
  /** Share of one core during the window. */
  cpuPercent: number;
  /** VmRSS at the end of the window. */
  rssMb: number;
  /** VmHWM: the most the process ever held. */
  peakRssMb: number;
}

export interface WindowResult {
  job: string;
  windowSeconds: number;
  /** Synthetic samples the targets exposed in the window: targets × series × scrapes. */
  expectedSamples: number;
  /** Synthetic samples with a timestamp in the window that reached Prometheus. */
  storedSamples: number;
  samplesPerSecond: number;
  /**
   * Samples (of every series) the runner wrote to Prometheus during the window, by its own counter: its throughput
   * even when it lags behind the targets.
   */
  writtenSamples: number;
  writtenPerSecond: number;
  /** After the window's end, until all its samples were in Prometheus (or stopped coming). */
  lagSeconds: number;
  processes: ProcessUsage[];
}

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The measurement both runners share: once the first scrapes are in Prometheus, CPU and memory of `processes` over
 * a window of whole scrape intervals, and how many of the window's synthetic samples (by timestamp) got stored.
 */
export async function measureWindow(
  job: string,
  processes: readonly MeasuredProcess[],
  args: MetricsBenchArgs,
  writtenSamples: () => Promise<number>,
): Promise<WindowResult> {
  const selector = `{job="${job}",__name__=~"${SYNTHETIC_NAME_PREFIX}.+"}`;
  const intervalMs = args.intervalSeconds * 1000;
  // Any sample at all: a pipeline that lags still gets measured (the lag shows in the result).
  await waitUntil(
    `first samples of ${job} in Prometheus`,
    async () => ((await storedSamples(selector, Date.now(), 600_000)) > 0 ? true : undefined),
    { timeoutMs: 300_000, intervalMs: 1_000 },
  );
  // One more interval: every target has been scraped and the pipeline runs steadily.
  await sleep(intervalMs);
  const spanMs = args.durationSeconds * 1000;
  const writtenStart = await writtenSamples();
  const cpuStart = processes.map((p) => cpuSeconds(p.pid) ?? 0);
  const startMs = Date.now();
  await sleep(spanMs);
  const toMs = Date.now();
  const written = (await writtenSamples()) - writtenStart;
  const elapsed = (toMs - startMs) / 1000;
  const usage = processes.map((p, i) => {
    const cpu = (cpuSeconds(p.pid) ?? 0) - cpuStart[i]!;
    return {
      name: p.name,
      cpuSeconds: cpu,
      cpuPercent: (100 * cpu) / elapsed,
      rssMb: rssMb(p.pid),
      peakRssMb: peakRssMb(p.pid) ?? 0,
    };
  });
  const expected = args.targets * args.series * (args.durationSeconds / args.intervalSeconds);
  const settled = await waitForWindow(selector, { toMs, spanMs }, expected, { quietMs: 20_000, timeoutMs: 300_000 });
  return {
    job,
    windowSeconds: args.durationSeconds,
    expectedSamples: expected,
    storedSamples: settled.samples,
    samplesPerSecond: settled.samples / args.durationSeconds,
    writtenSamples: written,
    writtenPerSecond: written / elapsed,
    lagSeconds: settled.lagSeconds,
    processes: usage,
  };
}
