import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createKafka, RecordProducer, type TopicNames } from '@daytwo/core';
import { startCollector, type RunningCollector } from '@daytwo/collector-metrics';
import { Registry } from 'prom-client';
import { KafkaTestScope } from '../support/kafka';
import { waitFor } from '../support/wait-for';
import {
  consumeSamples,
  httpTarget,
  isSeries,
  quietLogger,
  testConfig,
  type HttpTarget,
  type ReceivedSamples,
} from './collector-metrics-support';

const NODE_EXPORTER = process.env['DAYTWO_NODE_EXPORTER'] ?? '127.0.0.1:9100';
const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.1';
const FIVE_MIB = Buffer.from(`# ${'x'.repeat(1021)}\n`.repeat(5 * 1024));

/** OpenMetrics, gzipped; `local_ephemeral` only in the first two responses. */
function localExposition(n: number): string {
  const lines = [
    '# TYPE local_requests counter',
    `local_requests_total{path="/"} ${n}`,
    '# TYPE local_temperature gauge',
  ];
  lines.push('local_temperature 21.5');
  if (n <= 2) lines.push('# TYPE local_ephemeral gauge', 'local_ephemeral 1');
  return `${lines.join('\n')}\n# EOF\n`;
}

const scope = new KafkaTestScope();
const targets: HttpTarget[] = [];
let dir: string;

afterAll(async () => {
  await Promise.all(targets.map((t) => t.close()));
  await scope.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function target(handle: Parameters<typeof httpTarget>[0]): Promise<HttpTarget> {
  const t = await httpTarget(handle);
  targets.push(t);
  return t;
}

describe('collector-metrics scraping into Kafka', () => {
  let topics: TopicNames;
  let received: ReceivedSamples;
  let collector: RunningCollector;
  const registry = new Registry();
  const producer = new RecordProducer(scope.kafka);

  beforeAll(async () => {
    topics = await scope.topics(3);
    received = await consumeSamples(scope, topics);
  });

  afterAll(async () => {
    await collector?.stop();
    await producer.disconnect();
  });

  it('scrapes node_exporter and local targets, reports failures, and marks removed targets stale', async () => {
    const local = await target((_req, res, n) => {
      res.writeHead(200, {
        'content-type': 'application/openmetrics-text; version=1.0.0; charset=utf-8',
        'content-encoding': 'gzip',
      });
      res.end(gzipSync(localExposition(n)));
    });
    const slow = await target(() => undefined); // never answers
    const garbage = await target((_req, res) => res.end('this is { not an exposition\n'));
    const huge = await target((_req, res) => res.end(FIVE_MIB));
    dir = mkdtempSync(join(tmpdir(), 'collector-metrics-it-'));
    const sdFile = join(dir, 'local.json');
    writeFileSync(sdFile, JSON.stringify([{ targets: [local.address], labels: { team: 'it' } }]));

    const config = testConfig(topics, {
      targets: {
        static: [
          { job: 'node', targets: [NODE_EXPORTER] },
          { job: 'broken', targets: [slow.address, garbage.address, huge.address] },
        ],
        files: [{ job: 'local', path: sdFile, refreshInterval: '1m' }],
      },
    });
    collector = await startCollector({ config, logger: quietLogger(), registry, producer });

    const upOf = (instance: string, value: number, count = 1) =>
      received.waitFor(
        `up=${value} of ${instance}`,
        (s) => isSeries('up', { instance })(s) && s.value === value,
        count,
      );

    const nodeUp = await upOf(NODE_EXPORTER, 1);
    expect(nodeUp[0]!.labels).toEqual({ job: 'node', instance: NODE_EXPORTER });
    const nodeSamples = received.find((s) => s.labels['instance'] === NODE_EXPORTER && s.name.startsWith('node_'));
    expect(nodeSamples.length).toBeGreaterThan(10);
    expect(nodeSamples.every((s) => s.labels['job'] === 'node')).toBe(true);

    // The local target keeps being scraped while the broken ones fail.
    const localUp = await upOf(local.address, 1, 3);
    expect(new Set(localUp.map((s) => s.timestamp)).size).toBe(localUp.length);
    expect(localUp[0]!.labels).toEqual({ job: 'local', instance: local.address, team: 'it' });
    const [requests] = received.find(isSeries('local_requests_total', { instance: local.address, path: '/' }));
    expect(requests).toMatchObject({ type: 'counter', labels: { job: 'local', team: 'it' } });
    expect(local.requests[0]!.headers['accept']).toBe(PROMETHEUS_ACCEPT);
    expect(local.requests[0]!.headers['accept-encoding']).toBe('gzip');

    for (const broken of [slow, garbage, huge]) await upOf(broken.address, 0, 2);
    const reasons = Object.fromEntries(collector.scrapes.targets().map((t) => [t.labels['instance'], t.lastError]));
    expect(reasons[slow.address]).toMatch(/timed out after 800 ms/);
    expect(reasons[garbage.address]).toMatch(/invalid exposition/);
    expect(reasons[huge.address]).toBe('body exceeds 1048576 bytes');
    const failures = await registry.getSingleMetric('daytwo_scrape_failures_total')!.get();
    const byReason = Object.fromEntries(failures.values.map((v) => [v.labels['reason'], v.value]));
    expect(byReason).toMatchObject({
      timeout: expect.any(Number),
      parse: expect.any(Number),
      body_size_limit: expect.any(Number),
    });

    // A series that disappeared while its target stays up gets a staleness marker.
    const [ephemeralStale] = await received.waitFor(
      'stale local_ephemeral',
      (s) => isSeries('local_ephemeral', { instance: local.address })(s) && s.stale === true,
    );
    expect(Number.isNaN(ephemeralStale!.value)).toBe(true);

    // Every sample of a series travels under the same key, and ids are unique per (series, timestamp).
    assertKeysAndIds(received);

    // The file_sd file loses the local target (atomic replace): all its series end with staleness markers.
    const removedAt = Date.now();
    writeFileSync(`${sdFile}.tmp`, '[]');
    renameSync(`${sdFile}.tmp`, sdFile);
    const staleOf = (name: string) =>
      received.waitFor(
        `stale ${name} of the removed target`,
        (s) => isSeries(name, { instance: local.address })(s) && s.stale === true && s.timestamp >= removedAt,
      );
    await staleOf('up');
    await staleOf('local_requests_total');
    await staleOf('local_temperature');
    await staleOf('scrape_duration_seconds');
    await received.waitFor(
      'node_exporter still scraped after the removal',
      (s) => isSeries('up', { instance: NODE_EXPORTER })(s) && s.value === 1 && s.timestamp > removedAt,
    );
    expect(collector.scrapes.targets().map((t) => t.labels['instance'])).not.toContain(local.address);
  });
});

function assertKeysAndIds(received: ReceivedSamples): void {
  const keyOf = new Map<string, string | null>();
  const ids = new Set<string>();
  for (const { sample, key } of received.all) {
    const series = JSON.stringify([sample.name, Object.entries(sample.labels).sort()]);
    if (!keyOf.has(series)) keyOf.set(series, key);
    expect(keyOf.get(series)).toBe(key);
    expect(ids.has(sample.id)).toBe(false);
    ids.add(sample.id);
  }
  expect(new Set(keyOf.values()).size).toBeGreaterThan(1);
}

describe('collector-metrics backpressure', () => {
  it('skips scrapes of a target while its previous results are not in Kafka', async () => {
    const local = await target((_req, res, n) => res.end(`hits ${n}\n`));
    const unreachable = createKafka({ brokers: ['127.0.0.1:1'], connectionTimeoutMs: 200 });
    const producer = new RecordProducer(unreachable, { retries: 1 });
    const registry = new Registry();
    const config = testConfig({ metricsRaw: 'unreachable.daytwo.metrics.raw' } as TopicNames, {
      scrape: { interval: '200ms', timeout: '100ms' },
      publish: { retryDelay: '5s', drainTimeout: '200ms' },
      targets: { static: [{ job: 'local', targets: [local.address] }] },
    });
    const collector = await startCollector({ config, logger: quietLogger(), registry, producer });
    try {
      const skipped = registry.getSingleMetric('daytwo_scrapes_skipped_total')!;
      await waitFor(async () => ((await skipped.get()).values[0]?.value ?? 0) >= 3 || undefined, {
        what: 'three skipped scrapes',
      });
      const retries = registry.getSingleMetric('daytwo_publish_retries_total')!;
      await waitFor(async () => ((await retries.get()).values[0]?.value ?? 0) >= 1 || undefined, {
        what: 'a failed publish waiting for its retry',
      });
      // One scrape, its results still pending: no further scrapes, no growing queue.
      expect(local.requests.length).toBe(1);
      const pending = (await registry.getSingleMetric('daytwo_publish_pending_samples')!.get()).values[0]?.value;
      expect(pending).toBe(5); // hits + up + three scrape_* report series
    } finally {
      await collector.stop();
      await producer.disconnect();
    }
    const dropped = await registry.getSingleMetric('daytwo_samples_dropped_total')!.get();
    expect(dropped.values.find((v) => v.labels['reason'] === 'shutdown')?.value).toBe(5);
  });
});
