import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchChild, waitUntil } from '../logs/process-stats';
import { freePort } from '../logs/service-child';
import type { MetricsBenchArgs } from './args';
import { measureWindow, type WindowResult } from './measure-window';
import { PROMETHEUS_URL } from './prometheus-samples';

const PROMETHEUS_BINARY = process.env['DAYTWO_PROMETHEUS_BINARY'] ?? 'prometheus';

export interface AgentCounters {
  /** prometheus_remote_storage_samples_total / _failed / _retried of the agent. */
  sentSamples: number;
  failedSamples: number;
  retriedSamples: number;
}

export interface AgentResult extends WindowResult {
  counters: AgentCounters;
}

function metricSum(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Prometheus in agent mode scraping the same targets and remote-writing to the same Prometheus, for comparison. */
export async function runAgent(
  args: MetricsBenchArgs,
  addresses: readonly string[],
  workDir: string,
  runId: string,
): Promise<AgentResult> {
  const job = `${runId}_agent`;
  const port = await freePort();
  const configPath = join(workDir, 'prometheus-agent.yml');
  const storage = join(workDir, 'agent-wal');
  mkdirSync(storage, { recursive: true });
  const config = {
    global: {
      scrape_interval: `${args.intervalSeconds}s`,
      scrape_timeout: `${Math.max(1, args.intervalSeconds - 1)}s`,
    },
    scrape_configs: [{ job_name: job, static_configs: [{ targets: addresses }] }],
    remote_write: [{ url: `${PROMETHEUS_URL}/api/v1/write` }],
  };
  // JSON is YAML.
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const agent = BenchChild.start(
    'prometheus-agent',
    PROMETHEUS_BINARY,
    [
      '--enable-feature=agent',
      `--config.file=${configPath}`,
      `--storage.agent.path=${storage}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    join(workDir, 'prometheus-agent.log'),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(
      'prometheus agent ready',
      async () => ((await fetch(`${url}/-/ready`).catch(() => undefined))?.ok ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 200, alive: () => agent.running },
    );
    const metrics = async () => (await fetch(`${url}/metrics`)).text();
    const written = async () => metricSum(await metrics(), 'prometheus_remote_storage_samples_total');
    const result = await measureWindow(job, [{ name: 'prometheus-agent', pid: agent.pid }], args, written);
    const text = await metrics();
    return {
      ...result,
      counters: {
        sentSamples: metricSum(text, 'prometheus_remote_storage_samples_total'),
        failedSamples: metricSum(text, 'prometheus_remote_storage_samples_failed_total'),
        retriedSamples: metricSum(text, 'prometheus_remote_storage_samples_retried_total'),
      },
    };
  } finally {
    await agent.stop();
  }
}
