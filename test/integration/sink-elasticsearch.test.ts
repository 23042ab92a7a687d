import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { Registry } from 'prom-client';
import { RecordProducer, withAdmin, type ConsumedRecord, type LogRecord, type ServiceContext } from '@daytwo/core';
import {
  BulkBatcher,
  BulkWriter,
  chooseIndexMode,
  DeadLetterIndex,
  deadLetterIndexName,
  detectDataStreamSupport,
  elasticsearchMetrics,
  ElasticsearchUnavailableError,
  installTemplates,
  LogStore,
  runSink,
  type IndexMode,
  type IndexNaming,
  type SinkConfig,
} from '@daytwo/sink';
import { deleteDataStreamDocs, esClient, waitForElasticsearch } from '../support/elasticsearch';
import { testEnv } from '../support/env';
import { FAST_CONSUMER, KafkaTestScope } from '../support/kafka';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';

const RETRY = { initialMs: 20, maxMs: 200, maxElapsedMs: 1_500 };

function logRecord(id: string, over: Partial<LogRecord> = {}): LogRecord {
  return {
    schema_version: 1,
    '@timestamp': '2026-01-01T10:00:00.123456789Z',
    message: `line ${id}`,
    kubernetes: {
      namespace: 'kube-system',
      pod: { name: 'api-0', uid: 'uid-1' },
      labels: { app: 'api', 'app.kubernetes.io/name': 'api' },
    },
    event: { id },
    ...over,
  };
}

function consumed(record: unknown, offset: number, topic = 'it.daytwo.logs.enriched'): ConsumedRecord {
  const id = (record as { event?: { id?: string } }).event?.id;
  const origin = { topic, partition: 0, offset: String(offset), key: null, headers: {}, timestamp: '0' };
  return { kind: 'log', record: record as LogRecord, id, origin };
}

/** The log side wired by hand, as the pipeline does, against `node`. */
function logStore(es: Client, mode: IndexMode, naming: IndexNaming, registry = new Registry()) {
  const metrics = elasticsearchMetrics(registry);
  const writer = new BulkWriter({ client: es, metrics });
  const batcher = new BulkBatcher((items) => writer.send(items), {
    maxDocs: 2,
    maxBytes: 1_000_000,
    flushIntervalMs: 0,
    maxConcurrentRequests: 2,
  });
  const deadLetters = new DeadLetterIndex({
    index: deadLetterIndexName(naming),
    send: (items) => writer.send(items),
    retry: RETRY,
    metrics,
  });
  return new LogStore({ mode, naming, submit: (items) => batcher.submit(items), deadLetters, retry: RETRY, metrics });
}

const templateOptions = (naming: IndexNaming) => ({
  naming,
  messageType: 'text' as const,
  priority: 200,
  shards: 1,
  replicas: 0,
});

async function cleanupPrefix(es: Client, prefix: string): Promise<void> {
  const indices = Object.keys(await es.indices.get({ index: `${prefix}-*`, ignore_unavailable: true }));
  if (indices.length > 0) await es.indices.delete({ index: indices });
  for (const name of [`${prefix}-logs`, `${prefix}-logs-datastream`, `${prefix}-deadletter-logs`]) {
    await es.indices.deleteIndexTemplate({ name }, { ignore: [404] });
  }
}

let es: Client;
beforeAll(async () => {
  es = esClient();
  await waitForElasticsearch(es);
});
afterAll(() => es.close());

describe('sink log store on the real Elasticsearch', () => {
  it('detects that this cluster has no data stream management and falls back to daily indices', async () => {
    const support = await detectDataStreamSupport(es, 'logs-daytwoit.probe-default');
    expect(support.supported).toBe(false);
    expect(chooseIndexMode('auto', support)).toBe('daily');
    expect(chooseIndexMode('data_stream', support)).toBe('data_stream');
  });

  it('writes daily indices by record time, never duplicates, and dead-letters what the index refuses', async () => {
    const prefix = uniqueName('dtsink');
    const naming: IndexNaming = { prefix, defaultDataset: 'container', defaultNamespace: 'default' };
    const registry = new Registry();
    const store = logStore(es, 'daily', naming, registry);
    try {
      await installTemplates(es, 'daily', templateOptions(naming));
      const good = [
        logRecord(`${prefix}-1`, { attributes: { user: { id: 7 }, took_ms: 12 } }),
        logRecord(`${prefix}-2`, { attributes: { user: 'alice' } }), // same key, other shape: flattened takes both
        logRecord(`${prefix}-3`, { '@timestamp': '2026-01-02T00:30:00+02:00', labels: { app: 'x' } }),
      ];
      const batch = good.map((r, i) => consumed(r, i));

      expect(await store.store(batch)).toEqual({ stored: 3, duplicates: 0, deadLettered: 0 });
      const day1 = `${prefix}-logs-kube_system-2026.01.01`;
      await es.indices.refresh({ index: `${prefix}-logs` });
      const hits = await es.search({ index: `${prefix}-logs`, sort: [{ 'event.id': 'asc' }], size: 10 });
      // The third record is 2026-01-01T22:30Z: its UTC day, not the day it was written, picks the index.
      expect(hits.hits.hits.map((h) => [h._index, h._id])).toEqual(good.map((r) => [day1, r.event.id]));
      expect(
        (await es.count({ index: `${prefix}-logs`, query: { term: { 'kubernetes.labels.app': 'api' } } })).count,
      ).toBe(3);

      // Redelivery of the whole batch: every create is a 409, counted as already stored.
      expect(await store.store(batch)).toEqual({ stored: 0, duplicates: 3, deadLettered: 0 });
      await es.indices.refresh({ index: `${prefix}-logs` });
      expect((await es.count({ index: `${prefix}-logs` })).count).toBe(3);
      expect((await registry.getSingleMetricAsString('daytwo_sink_es_duplicates_total')).endsWith(' 3')).toBe(true);

      const bad = [
        logRecord(`${prefix}-4`, { kubernetes: { container: { restart_count: 2 ** 40 } } }), // over `integer`
        { schema_version: 1, '@timestamp': '2026-01-01T00:00:00Z', message: 'no id', event: {} },
        logRecord(`${prefix}-6`, { '@timestamp': 'yesterday' }),
        logRecord(`${prefix}-7`),
      ];
      const badBatch = bad.map((r, i) => consumed(r, 10 + i));
      expect(await store.store(badBatch)).toEqual({ stored: 1, duplicates: 0, deadLettered: 3 });
      expect(await store.store(badBatch)).toEqual({ stored: 0, duplicates: 1, deadLettered: 3 });

      const dlIndex = deadLetterIndexName(naming);
      await es.indices.refresh({ index: dlIndex });
      const entries = await es.search<Record<string, unknown>>({ index: dlIndex, sort: [{ 'source.offset': 'asc' }] });
      expect(entries.hits.hits).toHaveLength(3); // redelivered dead letters collide too
      const [mapping, invalid, timestamp] = entries.hits.hits.map((h) => h._source!);
      expect(mapping).toMatchObject({
        reason: 'mapping_conflict',
        error_type: 'document_parsing_exception',
        status: 400,
        stage: 'sink.elasticsearch',
        source: { topic: 'it.daytwo.logs.enriched', partition: 0, offset: '10' },
        record_id: `${prefix}-4`,
        target_index: `${prefix}-logs-default-2026.01.01`, // its kubernetes has no namespace
        raw_encoding: 'json',
      });
      expect(JSON.parse(mapping!['raw'] as string)).toEqual(bad[0]);
      expect(invalid).toMatchObject({ reason: 'record_invalid', error_type: 'schema_validation' });
      expect(invalid!['error']).toContain('event.id');
      expect(timestamp).toMatchObject({ reason: 'timestamp_invalid', record_id: `${prefix}-6` });
      // Searchable in Kibana: by reason, and by text inside the raw record.
      expect((await es.count({ index: dlIndex, query: { match: { raw: 'yesterday' } } })).count).toBe(1);
      const deadLettered = await registry.getSingleMetricAsString('daytwo_sink_es_dead_letter_total');
      expect(deadLettered).toContain('reason="mapping_conflict"} 1');
    } finally {
      await cleanupPrefix(es, prefix);
    }
  });

  it('keeps retrying an unreachable cluster, then gives up without storing or dead-lettering', async () => {
    const down = esClient('http://127.0.0.1:9');
    const naming: IndexNaming = { prefix: 'unused', defaultDataset: 'container', defaultNamespace: 'default' };
    const registry = new Registry();
    try {
      const attempt = logStore(down, 'daily', naming, registry).store([consumed(logRecord('x'), 0)]);
      await expect(attempt).rejects.toBeInstanceOf(ElasticsearchUnavailableError);
      const retries = await registry.getSingleMetricAsString('daytwo_sink_es_retries_total');
      expect(retries).toMatch(/error_type="ConnectionError"} [1-9]/);
      expect(await registry.getSingleMetricAsString('daytwo_sink_es_docs_written_total')).toMatch(/ 0$/);
    } finally {
      await down.close();
    }
  });

  // This build cannot delete data streams (see elasticsearch.test.ts): every run reuses one stream and removes its docs.
  it('writes data streams logs-<prefix>.<dataset>-<namespace> with create and 409 on redelivery', async () => {
    const naming: IndexNaming = { prefix: 'daytwoit', defaultDataset: 'container', defaultNamespace: 'default' };
    const stream = 'logs-daytwoit.container-default';
    const run = uniqueName('run');
    const records = [1, 2].map((i) =>
      logRecord(`${run}-${i}`, { '@timestamp': new Date().toISOString(), kubernetes: { pod: { uid: 'u' } } }),
    );
    const store = logStore(es, 'data_stream', naming);
    try {
      await installTemplates(es, 'data_stream', templateOptions(naming));
      const batch = records.map((r, i) => consumed(r, i));
      expect(await store.store(batch)).toEqual({ stored: 2, duplicates: 0, deadLettered: 0 });
      expect(await store.store(batch)).toEqual({ stored: 0, duplicates: 2, deadLettered: 0 });
      await es.indices.refresh({ index: stream });
      const found = await es.search({ index: stream, query: { ids: { values: records.map((r) => r.event.id) } } });
      expect(found.hits.hits.map((h) => h._source)).toEqual(
        expect.arrayContaining(
          records.map((r) => ({ ...r, data_stream: { type: 'logs', dataset: 'container', namespace: 'default' } })),
        ),
      );
      expect(found.hits.hits.every((h) => h._index.startsWith(`.ds-${stream}-`))).toBe(true);
    } finally {
      await deleteDataStreamDocs(
        es,
        stream,
        records.map((r) => r.event.id),
      );
      await es.indices.deleteIndexTemplate({ name: 'daytwoit-deadletter-logs' }, { ignore: [404] });
    }
  });
});

/** A TCP relay to Elasticsearch that the test can cut and restore: a real outage, as the sink sees one. */
class TcpRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = connect(Number(this.target.port), this.target.hostname);
      for (const s of [inbound, outbound]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('sink service end to end (Kafka → Elasticsearch)', () => {
  const scope = new KafkaTestScope();
  const producer = new RecordProducer(scope.kafka, { maxRecordsPerMessage: 4 });
  const dir = mkdtempSync(join(tmpdir(), 'sink-it-'));
  const relay = new TcpRelay(new URL(testEnv.elasticsearchUrl));
  const prefix = uniqueName('dtsink');
  let ctx: ServiceContext<SinkConfig> | undefined;
  const exits: number[] = [];

  afterAll(async () => {
    if (ctx) {
      await ctx.lifecycle.shutdown('test done');
      ctx.lifecycle.uninstall();
    }
    await relay.cut();
    await producer.disconnect();
    await scope.cleanup();
    await cleanupPrefix(es, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const response = await fetch(`${ctx!.telemetry.url}${path}`);
    return { status: response.status, body: await response.text() };
  };
  const metricValue = async (name: string) => {
    const line = (await get('/metrics')).body.split('\n').find((l) => l.startsWith(`${name}{`));
    return Number(line?.split(' ').pop() ?? NaN);
  };
  const stored = async (ids: readonly string[]) => {
    await es.indices.refresh({ index: `${prefix}-logs`, ignore_unavailable: true, allow_no_indices: true });
    const query = { ids: { values: [...ids] } };
    return (await es.count({ index: `${prefix}-logs`, query, ignore_unavailable: true, allow_no_indices: true })).count;
  };
  const totalEndOffset = async (topic: string) =>
    (await withAdmin(scope.kafka, (admin) => admin.fetchTopicOffsets(topic))).reduce((n, p) => n + Number(p.high), 0);
  const totalCommitted = async (groupId: string, topic: string) =>
    Object.values(await scope.committedOffsets(groupId, topic)).reduce((n, o) => n + Math.max(Number(o), 0), 0);

  it('stores enriched logs, dead-letters bad ones, commits, and rides out an Elasticsearch outage', async () => {
    const topics = await scope.topics(2);
    const groupId = scope.groupId();
    await relay.open();
    const config = {
      kafka: { brokers: testEnv.kafkaBrokers, clientId: 'sink-it' },
      topicPrefix: topics.logsEnriched.slice(0, -'.daytwo.logs.enriched'.length),
      elasticsearch: {
        node: `http://127.0.0.1:${relay.port}`,
        requestTimeoutMs: 5_000,
        index: { prefix, replicas: 0 },
        bulk: { flushIntervalMs: 20 },
        retry: { initialMs: 50, maxMs: 400, maxElapsedMs: 2_000 },
      },
      pipelines: { logs: { consumer: { ...FAST_CONSUMER, groupId } } },
      telemetry: { logLevel: 'error', metrics: { host: '127.0.0.1', port: 0 } },
    };
    const file = join(dir, 'sink.yaml');
    writeFileSync(file, JSON.stringify(config)); // JSON is YAML
    ctx = await runSink({ argv: ['--config', file], env: {}, exit: (code) => void exits.push(code) });
    expect(ctx).toBeDefined();
    await waitFor(async () => ((await get('/readyz')).status === 200 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'sink ready',
    });

    const topic = topics.logsEnriched;
    const batch1 = ['a', 'b'].flatMap((pod) => [1, 2, 3, 4, 5].map((i) => logRecord(`${prefix}-${pod}-${i}`)));
    await producer.publishRecords(topic, 'log', 'pod-a', batch1.slice(0, 5));
    await producer.publishRecords(topic, 'log', 'pod-b', batch1.slice(5));
    const invalid = { schema_version: 1, '@timestamp': 'x', message: 'no id', event: {} } as unknown as LogRecord;
    await producer.publishRecords(topic, 'log', 'pod-a', [invalid]);
    await producer.send(topic, [{ key: 'pod-c', value: 'not an envelope' }]);

    const ids1 = batch1.map((r) => r.event.id);
    await waitFor(async () => ((await stored(ids1)) === ids1.length ? true : undefined), { what: 'batch 1 stored' });
    const end1 = await totalEndOffset(topic);
    await waitFor(async () => ((await totalCommitted(groupId, topic)) === end1 ? true : undefined), {
      what: 'batch 1 committed',
    });
    await es.indices.refresh({ index: deadLetterIndexName({ prefix, defaultDataset: '', defaultNamespace: '' }) });
    const dead = await es.search<{ reason: string }>({ index: `${prefix}-deadletter-logs` });
    expect(dead.hits.hits.map((h) => h._source!.reason)).toEqual(['record_invalid']);
    const kafkaDead = await scope.readMessages(topics.deadLetter, 1);
    expect(JSON.parse(kafkaDead[0]!.value!.toString())).toMatchObject({ reason: 'envelope_invalid', stage: 'sink' });
    expect(await metricValue('daytwo_sink_es_docs_written_total')).toBe(10);

    // Outage: nothing is committed past what is stored, the sink keeps running and says it is not ready.
    await relay.cut();
    const batch2 = [1, 2, 3].map((i) => logRecord(`${prefix}-c-${i}`));
    await producer.publishRecords(topic, 'log', 'pod-c', batch2);
    await waitFor(async () => ((await metricValue('daytwo_sink_es_retries_total')) >= 3 ? true : undefined), {
      what: 'retries during the outage',
    });
    expect(await totalCommitted(groupId, topic)).toBe(end1);
    expect((await get('/healthz')).status).toBe(200);
    expect(JSON.parse((await get('/readyz')).body)).toMatchObject({ failing: ['elasticsearch'] });

    await relay.open();
    const ids2 = batch2.map((r) => r.event.id);
    await waitFor(async () => ((await stored(ids2)) === 3 ? true : undefined), { what: 'batch 2 stored after outage' });
    const end2 = await totalEndOffset(topic);
    await waitFor(async () => ((await totalCommitted(groupId, topic)) === end2 ? true : undefined), {
      what: 'batch 2 committed',
    });
    expect(await stored([...ids1, ...ids2])).toBe(13);
    expect((await es.count({ index: `${prefix}-logs` })).count).toBe(13);

    await ctx!.lifecycle.shutdown('test');
    ctx!.lifecycle.uninstall();
    ctx = undefined;
    expect(exits).toEqual([0]);
  });
});
