import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordProducer, withAdmin, type MetricSample, type ServiceContext } from '@daytwo/core';
import { runSink, type SinkConfig } from '@daytwo/sink';
import { testEnv } from '../support/env';
import { KafkaTestScope } from '../support/kafka';
import { remoteWrite, waitForPrometheus } from '../support/prometheus';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';
import {
  countsBySeries,
  deleteRedisKeys,
  gauge,
  metricsSinkConfig,
  metricValue,
  rawSamples,
  RemoteWriteProxy,
  type SinkConfigOptions,
} from './sink-remote-write-support';

const scope = new KafkaTestScope();
const producer = new RecordProducer(scope.kafka, { maxRecordsPerMessage: 10 });
const dir = mkdtempSync(join(tmpdir(), 'sink-rw-it-'));
const redisPrefixes: string[] = [];
const proxies: RemoteWriteProxy[] = [];
let running: ServiceContext<SinkConfig> | undefined;

beforeAll(() => waitForPrometheus());
afterEach(async () => {
  if (running) {
    await running.lifecycle.shutdown('test done');
    running.lifecycle.uninstall();
    running = undefined;
  }
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await producer.disconnect();
  await scope.cleanup();
  for (const prefix of redisPrefixes) await deleteRedisKeys(prefix);
  rmSync(dir, { recursive: true, force: true });
});

async function proxy(): Promise<RemoteWriteProxy> {
  const p = await new RemoteWriteProxy().start();
  proxies.push(p);
  return p;
}

/** Fresh topics and a sink reading them in this process; `url` defaults to Prometheus itself. */
async function startSink(options: Partial<SinkConfigOptions> = {}) {
  const topics = await scope.topics(1);
  const redisPrefix = `${uniqueName('rwit')}:`;
  redisPrefixes.push(redisPrefix);
  const groupId = scope.groupId();
  const config = metricsSinkConfig({
    topicPrefix: topics.metricsProcessed.slice(0, -'.daytwo.metrics.processed'.length),
    groupId,
    redisPrefix,
    url: `${testEnv.prometheusUrl}/api/v1/write`,
    queryUrl: `${testEnv.prometheusUrl}/api/v1/query`,
    ...options,
  });
  const file = join(dir, `${groupId}.yaml`);
  writeFileSync(file, JSON.stringify(config)); // JSON is YAML
  const exits: number[] = [];
  running = await runSink({ argv: ['--config', file], env: {}, exit: (code) => void exits.push(code) });
  const ctx = running!;
  const topic = topics.metricsProcessed;
  return {
    topics,
    topic,
    groupId,
    exits,
    metrics: async () => (await fetch(`${ctx.telemetry.url}/metrics`)).text(),
    publish: async (samples: readonly MetricSample[]) => {
      const bySeries = new Map<string, MetricSample[]>();
      for (const s of samples)
        bySeries.set(JSON.stringify([s.name, s.labels]), [
          ...(bySeries.get(JSON.stringify([s.name, s.labels])) ?? []),
          s,
        ]);
      for (const [key, list] of bySeries) await producer.publishRecords(topic, 'metric', key, list);
    },
    /** Waits until everything published so far is committed. */
    committed: async () => {
      const end = (await withAdmin(scope.kafka, (a) => a.fetchTopicOffsets(topic)))[0]!.high;
      await waitFor(async () => ((await scope.committedOffsets(groupId, topic))[0] === end ? true : undefined), {
        what: `offset ${end} committed`,
      });
      return end;
    },
  };
}

const series = (prefix: string, name: string, count: number, t0: number) =>
  Array.from({ length: count }, (_, i) => gauge(prefix, name, t0 + i * 1000, i));

describe('sink metrics pipeline → Prometheus remote write (real Kafka, Redis, Prometheus)', () => {
  it('writes processed metric envelopes with their labels and values, a histogram and a staleness marker included', async () => {
    const sink = await startSink();
    const name = uniqueName('rw_it');
    const t0 = Date.now() - 120_000;
    const histogram = (suffix: string, labels: Record<string, string>, value: number, t: number): MetricSample => ({
      schema_version: 1,
      id: `${name}${suffix}|${JSON.stringify(labels)}|${t}`,
      name: `${name}${suffix}`,
      labels: { job: 'api', ...labels },
      value,
      timestamp: t,
      type: 'histogram',
    });
    const samples: MetricSample[] = [];
    for (const [t, scale] of [
      [t0, 1],
      [t0 + 10_000, 2],
    ] as const) {
      samples.push(
        histogram('_bucket', { le: '0.1' }, 3 * scale, t),
        histogram('_bucket', { le: '1' }, 5 * scale, t),
        histogram('_bucket', { le: '+Inf' }, 6 * scale, t),
        histogram('_sum', {}, 2.5 * scale, t),
        histogram('_count', {}, 6 * scale, t),
      );
    }
    const g = (value: number, t: number, stale?: boolean): MetricSample => ({
      ...gauge(`${name}_gauge`, 'g', t, value),
      ...(stale ? { stale } : {}),
    });
    samples.push(g(1, t0), g(Number.NaN, t0 + 1000), g(0, t0 + 2000, true));
    const invalid = { ...gauge(`${name}_bad`, 'x', t0, 1), labels: { __name__: 'clash' } };
    await sink.publish([...samples, invalid]);

    const found = await waitFor(
      async () => {
        const result = await rawSamples(`{__name__=~"${name}_.*"}`, t0, t0 + 10_000);
        return result.length === 6 ? result : undefined;
      },
      { what: 'all series in Prometheus' },
    );
    const byLabels = Object.fromEntries(
      found.map((r) => [`${r.metric['__name__']}{${r.metric['le'] ?? ''}}`, [r.metric, r.samples]]),
    );
    expect(byLabels[`${name}_bucket{+Inf}`]).toEqual([
      { __name__: `${name}_bucket`, job: 'api', le: '+Inf' },
      [
        [t0, '6'],
        [t0 + 10_000, '12'],
      ],
    ]);
    expect(byLabels[`${name}_bucket{0.1}`]![1]).toEqual([
      [t0, '3'],
      [t0 + 10_000, '6'],
    ]);
    expect(byLabels[`${name}_sum{}`]![1]).toEqual([
      [t0, '2.5'],
      [t0 + 10_000, '5'],
    ]);
    expect(byLabels[`${name}_count{}`]![1]).toEqual([
      [t0, '6'],
      [t0 + 10_000, '12'],
    ]);
    // The staleness marker is stored (queries skip it and the series ends there); a plain NaN is a value.
    expect(byLabels[`${name}_gauge{}`]).toEqual([
      { __name__: `${name}_gauge`, job: 'daytwo-it', series: 'g' },
      [
        [t0, '1'],
        [t0 + 1000, 'NaN'],
      ],
    ]);

    await sink.committed();
    const dead = await scope.readMessages(sink.topics.deadLetter, 1);
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.value!.toString())).toMatchObject({
      reason: 'record_invalid',
      stage: 'sink',
      record_id: invalid.id,
      error: 'labels must not contain __name__',
    });
    const text = await sink.metrics();
    expect(metricValue(text, 'daytwo_sink_remote_write_samples_written_total')).toBe(samples.length);
    expect(metricValue(text, 'daytwo_sink_remote_write_dead_letter_total', { reason: 'record_invalid' })).toBe(1);
    expect(metricValue(text, 'daytwo_sink_remote_write_requests_total', { status: '204' })).toBeGreaterThan(0);
  });

  it('on a 400 writes the good series and dead-letters only the refused sample with the message; late samples too', async () => {
    const p = await proxy();
    const sink = await startSink({ url: p.url, shards: 1 });
    const name = uniqueName('rw_it');
    const t0 = Date.now() - 60_000;
    // Prometheus already holds a newer sample of series c than the one the sink will send.
    expect((await remoteWrite([gauge(name, 'c', t0, 100)])).status).toBe(204);
    const bad = gauge(name, 'c', t0 - 30_000, -1);
    await sink.publish([gauge(name, 'a', t0, 1), gauge(name, 'b', t0, 2), bad, gauge(name, 'c', t0 + 1000, 101)]);

    await sink.committed();
    const dead = await scope.readMessages(sink.topics.deadLetter, 1);
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.value!.toString())).toMatchObject({
      reason: 'remote_write_rejected',
      error: 'remote write answered 400: out of order sample',
      stage: 'sink',
      record_id: bad.id,
      source: { topic: sink.topic, partition: 0 },
    });
    const stored = await rawSamples(name, t0 - 60_000, t0 + 1000);
    expect(Object.fromEntries(stored.map((r) => [r.metric['series'], r.samples]))).toEqual({
      a: [[t0, '1']],
      b: [[t0, '2']],
      c: [
        [t0, '100'],
        [t0 + 1000, '101'],
      ],
    });
    expect(p.clientErrors().length).toBeGreaterThan(0);
    const requests = p.requests.length;

    // A sample older than its series' watermark that arrives later (not a redelivery) is set aside without a request.
    const late = gauge(name, 'a', t0 - 10_000, 9);
    await sink.publish([late]);
    await sink.committed();
    const [, lateEntry] = await scope.readMessages(sink.topics.deadLetter, 2);
    expect(JSON.parse(lateEntry!.value!.toString())).toMatchObject({ reason: 'out_of_order', record_id: late.id });
    expect(p.requests.length).toBe(requests);

    const text = await sink.metrics();
    const deadLettered = (reason: string) =>
      metricValue(text, 'daytwo_sink_remote_write_dead_letter_total', { reason });
    expect([deadLettered('remote_write_rejected'), deadLettered('out_of_order')]).toEqual([1, 1]);
    expect(metricValue(text, 'daytwo_sink_remote_write_samples_written_total')).toBe(3);
  });

  it('retries 503 and 429 (Retry-After) with the same request: every sample arrives once, in order', async () => {
    const p = await proxy();
    p.failNext(2, 503);
    p.failNext(1, 429, { 'Retry-After': '1' });
    const sink = await startSink({ url: p.url, shards: 1, maxSamples: 25 });
    const name = uniqueName('rw_it');
    const t0 = Date.now() - 60_000;
    const samples = ['a', 'b', 'c'].flatMap((s) => series(name, s, 20, t0));
    await sink.publish(samples);
    await sink.committed();

    expect(await countsBySeries(name, t0, t0 + 20_000)).toEqual({ a: 20, b: 20, c: 20 });
    expect(p.requests.slice(0, 4).map((r) => r.status)).toEqual([503, 503, 429, 204]);
    // The request after the failures is the very request that failed: nothing was reordered around it.
    expect(p.requests[3]!.series).toEqual(p.requests[0]!.series);
    const sent = new Map<string, number[]>();
    for (const r of p.requests.filter((x) => x.forwarded)) {
      expect(r.status).toBe(204);
      for (const s of r.series) {
        const key = s.labels.find((l) => l.name === 'series')!.value;
        sent.set(key, [...(sent.get(key) ?? []), ...s.samples.map((x) => x.timestamp)]);
      }
    }
    const expected = Array.from({ length: 20 }, (_, i) => t0 + i * 1000);
    expect(Object.fromEntries(sent)).toEqual({ a: expected, b: expected, c: expected });
    const text = await sink.metrics();
    expect(metricValue(text, 'daytwo_sink_remote_write_retries_total', { status: '503' })).toBe(2);
    expect(metricValue(text, 'daytwo_sink_remote_write_retries_total', { status: '429' })).toBe(1);
  });

  it('rides out ~10 s of refused connections without committing, then catches up without a 4xx', async () => {
    const p = await proxy();
    const sink = await startSink({ url: p.url, shards: 2, maxSamples: 20 });
    await p.refuse();
    const outageStarted = Date.now();
    const name = uniqueName('rw_it');
    const t0 = Date.now() - 60_000;
    await sink.publish(['a', 'b', 'c'].flatMap((s) => series(name, s, 30, t0)));

    await waitFor(
      async () =>
        metricValue(await sink.metrics(), 'daytwo_sink_remote_write_retries_total', { status: 'network_error' }) >= 3
          ? true
          : undefined,
      { what: 'retries while refused' },
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageStarted + 10_000 - Date.now())));
    expect(await scope.committedOffsets(sink.groupId, sink.topic)).toEqual({ 0: '-1' });
    expect(p.requests).toEqual([]);

    await p.accept();
    await sink.committed();
    expect(await countsBySeries(name, t0, t0 + 30_000)).toEqual({ a: 30, b: 30, c: 30 });
    expect(p.clientErrors()).toEqual([]);
    expect(metricValue(await sink.metrics(), 'daytwo_sink_remote_write_samples_written_total')).toBe(90);
  });
});
