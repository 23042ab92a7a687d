import { linkSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { topicNames } from '@daytwo/core';
import { parse as parseYaml } from 'yaml';
import { ingestResult, type IngestResult } from './ingest-result';
import { cpuSeconds, peakRssMb, sleep } from './process-stats';
import { BENCH_BROKER } from './kafka-topics';
import { REPO_ROOT, ServiceChild } from './service-child';

export const BENCH_POD = { namespace: 'bench', pod: 'loadgen-7d9f8', uid: '5f0c8a2e-1b2c-4d3e-9f00-0123456789ab' };
export const BENCH_CONTAINER = 'app';

export interface CollectorRunOptions {
  file: string;
  lines: number;
  workDir: string;
  topicPrefix: string;
  run: number;
  /** Node flags of the collector process (e.g. `--max-semi-space-size=32`). */
  nodeArgs: readonly string[];
  /** Overrides of the shipped config (config/collector-logs.yaml), merged one level deep. */
  overrides?: Record<string, Record<string, unknown>>;
}

/** The shipped collector config with the bench's paths, broker and topic prefix. */
export function collectorConfig(
  root: string,
  stateDir: string,
  topicPrefix: string,
  overrides: Record<string, Record<string, unknown>> = {},
): Record<string, unknown> {
  const shipped = parseYaml(readFileSync(join(REPO_ROOT, 'config', 'collector-logs.yaml'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  const config: Record<string, unknown> = {
    ...shipped,
    kafka: { ...shipped['kafka'], brokers: BENCH_BROKER.split(','), clientId: 'bench-collector-logs' },
    topicPrefix,
    nodeName: 'bench-node',
    discovery: { ...shipped['discovery'], root, rescanIntervalMs: 500 },
    checkpoint: { ...shipped['checkpoint'], dir: stateDir },
  };
  for (const [section, values] of Object.entries(overrides)) {
    config[section] = { ...(config[section] as Record<string, unknown> | undefined), ...values };
  }
  return config;
}

/**
 * Polls the published-records counter until it reaches `lines`. A scrape costs the collector CPU (every metric is
 * computed), so polls are spaced by half the time the rate so far says is left: few scrapes, the last one close to
 * the end (at most 20 ms late at the end, 500 ms between polls).
 */
export async function waitForPublished(service: ServiceChild, lines: number, started: number): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const count = await service.metric('daytwo_collector_logs_records_published_total');
    if (count >= lines) return;
    if (!service.child.running) throw new Error('collector-logs exited before publishing every line');
    if (Date.now() > deadline) throw new Error(`collector-logs published ${count} of ${lines} lines in 30 minutes`);
    const rate = count / (performance.now() - started);
    const leftMs = rate > 0 ? (lines - count) / rate : 1000;
    await sleep(Math.min(500, Math.max(20, leftMs / 2)));
  }
}

/** `<root>/<ns>_<pod>_<uid>/<container>/`, created. */
export function containerDir(root: string): string {
  const dir = join(root, `${BENCH_POD.namespace}_${BENCH_POD.pod}_${BENCH_POD.uid}`, BENCH_CONTAINER);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Starts the built collector on an empty pods directory, then links the benchmark file in as `0.log` and measures
 * until its published-records counter (records Kafka acknowledged) reaches the line count.
 */
export async function runCollector(options: CollectorRunOptions): Promise<IngestResult> {
  const root = join(options.workDir, `pods-${options.run}`);
  const dir = containerDir(root);
  const config = collectorConfig(
    root,
    join(options.workDir, `state-${options.run}`),
    options.topicPrefix,
    options.overrides,
  );
  const service = await ServiceChild.start({
    service: 'collector-logs',
    config,
    workDir: options.workDir,
    nodeArgs: options.nodeArgs,
  });
  const target = join(dir, '0.log');
  try {
    const cpuBefore = cpuSeconds(service.pid) ?? 0;
    const started = performance.now();
    linkSync(options.file, target);
    await waitForPublished(service, options.lines, started);
    const seconds = (performance.now() - started) / 1000;
    const cpu = (cpuSeconds(service.pid) ?? cpuBefore) - cpuBefore;
    const rss = peakRssMb(service.pid) ?? 0;
    const deadLetters = await service.metric('daytwo_collector_logs_dead_letter_total');
    if (deadLetters > 0) throw new Error(`collector dead-lettered ${deadLetters} lines`);
    const producer = config['producer'] as { compression?: string; maxRecordsPerMessage?: number };
    return ingestResult({
      source: 'collector-logs',
      run: options.run,
      lines: options.lines,
      lost: 0,
      seconds,
      cpuSeconds: cpu,
      peakRssMb: rss,
      topic: topicNames(options.topicPrefix).logsRaw,
      settings:
        `acks=all idempotent compression=${producer.compression ?? 'none'} ` +
        `records/message=${producer.maxRecordsPerMessage ?? 500} node ${options.nodeArgs.join(' ') || '(defaults)'}`,
    });
  } finally {
    await service.stop();
    unlinkSync(target);
  }
}
