import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { RecordProducer, withAdmin, type AnomalyEvent, type ServiceContext } from '@daytwo/core';
import { anomalyAlias, anomalyDeadLetterIndexName, runSink, type SinkConfig } from '@daytwo/sink';
import { esClient, waitForElasticsearch } from '../support/elasticsearch';
import { testEnv } from '../support/env';
import { FAST_CONSUMER, KafkaTestScope } from '../support/kafka';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';

// The sink's anomalies pipeline on the real Kafka and Elasticsearch: anomaly envelopes in, one document per event id
// and status in the monthly index of the event, behind the alias Kibana's anomaly views read; redelivery is harmless.

function anomaly(id: string, over: Partial<AnomalyEvent> = {}): AnomalyEvent {
  return {
    schema_version: 1,
    id,
    '@timestamp': '2026-01-31T23:30:00.123456789Z',
    source: 'metric',
    detector: 'ewma',
    score: 0.75,
    reason: 'p99 latency above the expected band',
    status: 'firing',
    workload: { namespace: 'shop', kind: 'Deployment', name: 'checkout' },
    pod: 'checkout-7d9f-abcde',
    series: { name: 'http_request_duration_seconds', labels: { route: '/pay', 'app.kubernetes.io/name': 'checkout' } },
    value: 2.5,
    expected: { lower: 0.1, upper: 0.9 },
    ...over,
  };
}

let es: Client;
const scope = new KafkaTestScope();
const producer = new RecordProducer(scope.kafka);
const dir = mkdtempSync(join(tmpdir(), 'sink-anomalies-it-'));
const prefix = uniqueName('dtanom');
let ctx: ServiceContext<SinkConfig> | undefined;
const exits: number[] = [];

beforeAll(async () => {
  es = esClient();
  await waitForElasticsearch(es);
});

afterAll(async () => {
  if (ctx) {
    await ctx.lifecycle.shutdown('test done');
    ctx.lifecycle.uninstall();
  }
  await producer.disconnect();
  await scope.cleanup();
  const indices = Object.keys(await es.indices.get({ index: `${prefix}-*`, ignore_unavailable: true }));
  if (indices.length > 0) await es.indices.delete({ index: indices });
  for (const name of [`${prefix}-anomalies`, `${prefix}-deadletter-anomalies`]) {
    await es.indices.deleteIndexTemplate({ name }, { ignore: [404] });
  }
  await es.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sink anomalies pipeline (Kafka → Elasticsearch)', () => {
  const alias = anomalyAlias({ prefix });
  const metric = async (name: string) => {
    const text = await (await fetch(`${ctx!.telemetry.url}/metrics`)).text();
    return Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
        ?.split(' ')
        .pop(),
    );
  };
  const count = async (index: string) => {
    await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
    return (await es.count({ index, ignore_unavailable: true, allow_no_indices: true })).count;
  };
  const endOffset = async (topic: string) =>
    (await withAdmin(scope.kafka, (admin) => admin.fetchTopicOffsets(topic))).reduce((n, p) => n + Number(p.high), 0);
  const committed = async (groupId: string, topic: string) =>
    Object.values(await scope.committedOffsets(groupId, topic)).reduce((n, o) => n + Math.max(Number(o), 0), 0);
  const allCommitted = async (groupId: string, topic: string, what: string) => {
    const end = await endOffset(topic);
    await waitFor(async () => ((await committed(groupId, topic)) === end ? true : undefined), { what });
  };

  it('stores firing and resolved events apart by event month, dead-letters bad ones, and ignores redelivery', async () => {
    const topics = await scope.topics(2);
    const groupId = scope.groupId();
    const topic = topics.anomalies;
    const config = {
      kafka: { brokers: testEnv.kafkaBrokers, clientId: 'sink-anomalies-it' },
      topicPrefix: topic.slice(0, -'.daytwo.anomalies'.length),
      elasticsearch: {
        node: testEnv.elasticsearchUrl,
        index: { prefix, replicas: 0 },
        bulk: { flushIntervalMs: 20 },
        retry: { initialMs: 50, maxMs: 400, maxElapsedMs: 5_000 },
      },
      pipelines: { anomalies: { consumer: { ...FAST_CONSUMER, groupId } } },
      telemetry: { logLevel: 'error', metrics: { host: '127.0.0.1', port: 0 } },
    };
    const file = join(dir, 'sink.yaml');
    writeFileSync(file, JSON.stringify(config)); // JSON is YAML
    ctx = await runSink({ argv: ['--config', file], env: {}, exit: (code) => void exits.push(code) });
    await waitFor(async () => ((await fetch(`${ctx!.telemetry.url}/readyz`)).status === 200 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'sink ready',
    });

    const firing = anomaly(`${prefix}-a`);
    const resolved = anomaly(`${prefix}-a`, { status: 'resolved', score: 0.1, '@timestamp': '2026-02-01T00:10:00Z' });
    const { status: _status, ...noStatus } = anomaly(`${prefix}-b`, { source: 'log', detector: 'log-rate' });
    const log = { ...noStatus, template: { id: 'tpl-9', text: 'payment <*> failed' } } as AnomalyEvent;
    const badTime = anomaly(`${prefix}-c`, { '@timestamp': 'soon' });
    await producer.publishRecords(topic, 'anomaly', 'checkout', [firing, resolved]);
    await producer.publishRecords(topic, 'anomaly', 'payments', [log, badTime]);

    await waitFor(async () => ((await count(alias)) === 3 ? true : undefined), { what: '3 anomaly documents' });
    await allCommitted(groupId, topic, 'first delivery committed');
    const hits = await es.search<Record<string, unknown>>({
      index: alias,
      sort: [{ '@timestamp': 'asc' }, { id: 'asc' }],
      size: 10,
    });
    expect(hits.hits.hits.map((h) => [h._index, h._id, h._source?.['status']])).toEqual([
      [`${prefix}-anomalies-2026.01`, `${prefix}-a:firing`, 'firing'],
      [`${prefix}-anomalies-2026.01`, `${prefix}-b:firing`, 'firing'],
      [`${prefix}-anomalies-2026.02`, `${prefix}-a:resolved`, 'resolved'],
    ]);

    // What the Kibana views ask: firing events by detector, workloads with their highest score, labels, templates.
    const timeline = await es.search({
      index: alias,
      size: 0,
      query: { term: { status: 'firing' } },
      aggs: { detectors: { terms: { field: 'detector' } }, top: { max: { field: 'score' } } },
    });
    const buckets = (timeline.aggregations!['detectors'] as { buckets: { key: string; doc_count: number }[] }).buckets;
    expect(buckets.map((b) => [b.key, b.doc_count]).sort()).toEqual([
      ['ewma', 1],
      ['log-rate', 1],
    ]);
    expect((timeline.aggregations!['top'] as { value: number }).value).toBeCloseTo(0.75);
    const by = async (query: object) => (await es.count({ index: alias, query })).count;
    expect(await by({ term: { 'workload.name': 'checkout' } })).toBe(3);
    expect(await by({ term: { 'series.labels.app.kubernetes.io/name': 'checkout' } })).toBe(3);
    expect(await by({ term: { 'template.id': 'tpl-9' } })).toBe(1);
    expect(await by({ range: { value: { gt: 2 } } })).toBe(3);

    const deadIndex = anomalyDeadLetterIndexName({ prefix });
    await waitFor(async () => ((await count(deadIndex)) === 1 ? true : undefined), { what: 'dead-letter entry' });
    const dead = await es.search<{ reason: string; record_id: string }>({ index: deadIndex });
    expect(dead.hits.hits.map((h) => [h._source!.reason, h._source!.record_id])).toEqual([
      ['timestamp_invalid', `${prefix}-c:firing`],
    ]);

    // Redelivery (a producer retry, a replay): the same events again; each create is a 409, counted as a duplicate.
    await producer.publishRecords(topic, 'anomaly', 'checkout', [firing, resolved]);
    await producer.publishRecords(topic, 'anomaly', 'payments', [log, badTime]);
    await allCommitted(groupId, topic, 'redelivery committed');
    expect(await metric('daytwo_sink_es_anomalies_duplicates_total')).toBe(3);
    expect(await metric('daytwo_sink_es_anomalies_docs_written_total')).toBe(3);
    expect(await count(alias)).toBe(3);
    expect(await count(deadIndex)).toBe(1);

    await ctx!.lifecycle.shutdown('test');
    ctx!.lifecycle.uninstall();
    ctx = undefined;
    expect(exits).toEqual([0]);
  });
});
