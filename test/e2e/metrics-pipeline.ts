import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEnvelope, type MetricSample } from '@daytwo/core';
import { testEnv } from '../support/env';
import { E2E_CONSUMER, type PipelineHarness } from '../support/pipeline-harness';
import type { ServiceProcess } from '../support/service-process';
import type { TcpRelay } from '../support/tcp-relay';

/** Every sample passes the processor's relabel step, which adds this label: proof it went through the processor. */
export const VIA_PROCESSOR = { e2e_via: 'processor' } as const;

/** The jobs of one run; unique per harness so that queries in the shared Prometheus find only this run's series. */
export function metricsJobs(h: PipelineHarness) {
  return {
    node: `${h.id}_node`,
    steady: `${h.id}_steady`,
    bad: `${h.id}_bad`,
    services: `${h.id}_services`,
    files: `${h.id}_files`,
  };
}
export type MetricsJobs = ReturnType<typeof metricsJobs>;

/** A Prometheus file_sd file: written to a temp name and renamed, so the collector never reads half a file. */
export class FileSd {
  constructor(readonly path: string) {}

  write(targets: readonly string[]): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(targets.length > 0 ? [{ targets }] : []));
    renameSync(tmp, this.path);
  }
}

export interface StaticTargets {
  steady: string;
  bad: string[];
}

export function collectorMetricsConfig(
  h: PipelineHarness,
  jobs: MetricsJobs,
  targets: StaticTargets,
  files: { services: FileSd; files: FileSd },
): object {
  return {
    ...h.common('e2e-collector-metrics'),
    nodeName: 'e2e-node',
    // 800 ms: the machine is loaded; the timeout target never answers. 4 MiB: the 5 MiB target is too large.
    scrape: { interval: '1s', timeout: '800ms', bodySizeLimit: '4MiB', concurrency: 8 },
    publish: { keyShards: 8, linger: '20ms', drainTimeout: '10s' },
    targets: {
      static: [
        { job: jobs.node, targets: [process.env['DAYTWO_NODE_EXPORTER'] ?? '127.0.0.1:9100'] },
        { job: jobs.steady, targets: [targets.steady] },
        { job: jobs.bad, targets: targets.bad },
      ],
      files: [
        { job: jobs.services, path: files.services.path, refreshInterval: '5s' },
        { job: jobs.files, path: files.files.path, refreshInterval: '5s' },
      ],
    },
  };
}

export function processorConfig(h: PipelineHarness): object {
  return {
    ...h.common('e2e-processor'),
    pipelines: {
      logs: { enabled: false },
      metrics: {
        enabled: true,
        consumer: { ...E2E_CONSUMER, groupId: h.groupId('processor_metrics') },
        processors: [{ type: 'relabel', name: 'tag', rules: [{ target_label: 'e2e_via', replacement: 'processor' }] }],
      },
    },
    state: { redis: { url: testEnv.redisUrl, keyPrefix: h.redisKeyPrefix } },
  };
}

/** `prometheusUrl`: Prometheus itself or a relay to it (remote write and the query endpoint both go through it). */
export function sinkConfig(h: PipelineHarness, prometheusUrl: string): object {
  return {
    ...h.common('e2e-sink'),
    remoteWrite: {
      url: `${prometheusUrl}/api/v1/write`,
      queryUrl: `${prometheusUrl}/api/v1/query`,
      requestTimeoutMs: 10_000,
      shards: 2,
      batch: { maxSamples: 2000, maxDelayMs: 50 },
      // Backoff capped at 2 s (default 30 s) so that the catch-up after an outage measures the pipeline.
      retry: { initialMs: 100, maxMs: 2000 },
    },
    state: { redis: { url: testEnv.redisUrl, keyPrefix: h.redisKeyPrefix } },
    pipelines: { metrics: { consumer: { ...E2E_CONSUMER, groupId: h.groupId('sink_metrics') } } },
  };
}

export interface MetricsPipeline {
  collector: ServiceProcess;
  processor: ServiceProcess;
  sink: ServiceProcess;
  /** Between the sink and Prometheus. */
  relay: TcpRelay;
  /** The services' own /metrics, scraped as job `services`. */
  servicesSd: FileSd;
  /** Job `files`: targets the tests add and remove. */
  filesSd: FileSd;
  all: ServiceProcess[];
}

const address = (s: ServiceProcess) => `127.0.0.1:${s.port}`;

/** Topics, then sink and processor, then the collector; the services scrape each other's /metrics. */
export async function startMetricsPipeline(
  h: PipelineHarness,
  jobs: MetricsJobs,
  targets: StaticTargets,
  fileTargets: readonly string[],
): Promise<MetricsPipeline> {
  await h.createTopics(3);
  const relay = await h.relay(testEnv.prometheusUrl);
  const servicesSd = new FileSd(join(h.path('sd'), 'services.json'));
  const filesSd = new FileSd(join(h.path('sd'), 'files.json'));
  servicesSd.write([]);
  filesSd.write(fileTargets);
  const [sink, processor] = await Promise.all([
    h.start('sink', sinkConfig(h, relay.url)),
    h.start('processor', processorConfig(h)),
  ]);
  const collector = await h.start(
    'collector-metrics',
    collectorMetricsConfig(h, jobs, targets, { services: servicesSd, files: filesSd }),
  );
  const pipeline = { collector, processor, sink, relay, servicesSd, filesSd, all: [collector, processor, sink] };
  updateServiceTargets(pipeline);
  return pipeline;
}

/** Points job `services` at the services' current telemetry ports (a restarted service has a new one). */
export function updateServiceTargets(p: MetricsPipeline): void {
  p.servicesSd.write(p.all.filter((s) => s.alive).map(address));
}

/** The samples (staleness markers left out) of `name` in the messages of a raw or processed metrics topic. */
export function samplesIn(messages: readonly { value: Buffer | null }[], name: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const message of messages) {
    if (!message.value) continue;
    const envelope = decodeEnvelope(message.value);
    if (envelope.kind !== 'metric') continue;
    for (const record of envelope.records as MetricSample[]) {
      if (record.name === name && !record.stale) samples.push(record);
    }
  }
  return samples;
}
