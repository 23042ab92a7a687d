import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RecordProducer, withAdmin, type LogRecord, type MetricSample, type TopicNames } from '@daytwo/core';
import { testEnv } from '../support/env';
import { FAST_CONSUMER, KafkaTestScope } from '../support/kafka';
import { waitFor } from '../support/wait-for';
import {
  configDir,
  metricValue,
  REPO,
  startProcessorService,
  stopProcessorService,
  TopicCollector,
  type ProcessorContext,
} from './processor-support';

const log = (id: string, message: string, podUid: string): LogRecord => ({
  schema_version: 1,
  '@timestamp': '2026-01-01T00:00:00.000Z',
  message,
  kubernetes: { namespace: 'shop', pod: { name: `pod-${podUid}`, uid: podUid } },
  event: { id },
});

const sample = (id: string, name: string, labels: Record<string, string>, timestamp: number): MetricSample => ({
  schema_version: 1,
  id,
  name,
  labels,
  value: timestamp * 10,
  timestamp,
  type: 'gauge',
});

describe('processor service on the real Kafka', () => {
  const scope = new KafkaTestScope();
  const producer = new RecordProducer(scope.kafka);
  const dir = configDir();
  const exits: number[] = [];
  let topics: TopicNames;
  let ctx: ProcessorContext | undefined;
  const collectors: Array<{ stop(): Promise<void> }> = [];

  afterAll(async () => {
    if (ctx) await stopProcessorService(ctx);
    await Promise.all(collectors.map((c) => c.stop()));
    await producer.disconnect();
    await scope.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the log and metric chains, dead-letters failures with the processor name, and commits', async () => {
    topics = await scope.topics(2);
    const logsGroup = scope.groupId();
    const metricsGroup = scope.groupId();
    // The worked example of docs/write-a-processor.md, by a path relative to the config file, as users write it.
    const plugin = `./${relative(dir, join(REPO, 'test', 'examples', 'http-status'))}`;
    ctx = await startProcessorService(
      dir,
      {
        kafka: { brokers: testEnv.kafkaBrokers, clientId: 'processor-it' },
        topicPrefix: topics.logsRaw.slice(0, -'.daytwo.logs.raw'.length),
        plugins: [plugin, join(__dirname, 'processor-fixtures', 'alarm')],
        pipelines: {
          logs: {
            consumer: { ...FAST_CONSUMER, groupId: logsGroup },
            processors: [
              { type: 'parse-json', promote: true },
              { type: 'normalize' },
              {
                type: 'filter',
                name: 'drop-debug',
                action: 'drop',
                conditions: [{ field: 'log.level', equals: 'debug' }],
              },
              { type: 'http-status' },
              { type: 'alarm' },
            ],
          },
          metrics: {
            consumer: { ...FAST_CONSUMER, groupId: metricsGroup },
            processors: [
              {
                type: 'relabel',
                rules: [
                  { source_labels: ['__name__'], regex: 'go_.*', action: 'drop' },
                  { source_labels: ['instance'], regex: '(.*):\\d+', target_label: 'host' },
                ],
              },
            ],
          },
        },
        telemetry: { logLevel: 'error', metrics: { host: '127.0.0.1', port: 0 } },
      },
      exits,
    );
    const enriched = await new TopicCollector<'log'>(scope.kafka, topics.logsEnriched, scope.groupId()).start();
    const processed = await new TopicCollector<'metric'>(scope.kafka, topics.metricsProcessed, scope.groupId()).start();
    const dead = await new TopicCollector<'log'>(scope.kafka, topics.deadLetter, scope.groupId(), 'json').start();
    const anomalies = await new TopicCollector<'anomaly'>(scope.kafka, topics.anomalies, scope.groupId()).start();
    collectors.push(enriched, processed, dead, anomalies);

    await producer.publishRecords(topics.logsRaw, 'log', 'uid-a', [
      log('a1', '{"msg":"GET /","level":"INFO","time":"2026-01-02T03:04:05Z","status":200}', 'uid-a'),
      log('a2', '{"msg":"db slow","level":"W"}', 'uid-a'),
      log('a3', '{"msg":"noise","level":"debug"}', 'uid-a'),
      log('a4', '{"msg":"GET /bad","status":"abc"}', 'uid-a'),
      log('a5', 'ERROR boom ALARM', 'uid-a'),
    ]);
    await producer.publishRecords(topics.logsRaw, 'log', 'uid-b', [
      log('b1', '{"msg":"GET /x","status":503}', 'uid-b'),
      { ...log('b2', 'no id', 'uid-b'), event: {} } as unknown as LogRecord,
      log('b3', '2026-01-03T00:00:00Z plain text', 'uid-b'),
    ]);
    await producer.publishRecords(topics.metricsRaw, 'metric', 'series-1', [
      sample('m1', 'up', { instance: 'a:80', job: 'api' }, 1),
      sample('m2', 'go_gc_duration_seconds', { instance: 'a:80' }, 1),
      sample('m3', 'up', { instance: 'a:80', job: 'api' }, 2),
      { ...sample('m4', 'up', { instance: 'a:80', job: 'api' }, 3), value: NaN, stale: true },
    ]);

    await waitFor(
      () => Promise.resolve(enriched.records.length >= 5 && processed.records.length >= 3 ? true : undefined),
      {
        what: 'enriched logs and processed metrics',
      },
    );
    const byId = new Map(enriched.records.map((r) => [r.record.event.id, r]));
    expect([...byId.keys()].sort()).toEqual(['a1', 'a2', 'a5', 'b1', 'b3']);
    expect(byId.get('a1')).toMatchObject({
      key: 'uid-a',
      record: expect.objectContaining({
        message: 'GET /',
        '@timestamp': '2026-01-02T03:04:05.000Z',
        log: { level: 'info' },
        attributes: { status: 200 },
        labels: { status_class: '2xx' },
      }) as unknown,
    });
    expect(byId.get('a2')?.record).toMatchObject({ message: 'db slow', log: { level: 'warn' } });
    expect(byId.get('a5')?.record).toMatchObject({ message: 'ERROR boom ALARM', log: { level: 'error' } });
    expect(byId.get('b1')).toMatchObject({
      key: 'uid-b',
      record: { log: { level: 'error' }, labels: { status_class: '5xx' } },
    });
    expect(byId.get('b3')?.record['@timestamp']).toBe('2026-01-03T00:00:00.000Z');
    // Order per key is kept.
    expect(enriched.records.filter((r) => r.key === 'uid-a').map((r) => r.record.event.id)).toEqual(['a1', 'a2', 'a5']);

    expect(processed.records.map((r) => [r.key, r.record.id, r.record.labels['host'], r.record.value])).toEqual([
      ['series-1', 'm1', 'a', 10],
      ['series-1', 'm3', 'a', 20],
      ['series-1', 'm4', 'a', NaN],
    ]);

    await waitFor(() => Promise.resolve(dead.records.length >= 2 ? true : undefined), { what: 'dead letters' });
    const entries = dead.records.map((r) => r.record as unknown as Record<string, unknown>);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reason: 'processing_failed',
          stage: 'processor/http-status',
          error: 'http-status: invalid HTTP status "abc" in attributes.status',
          record_id: 'a4',
          source: expect.objectContaining({ topic: topics.logsRaw }) as unknown,
        }),
        expect.objectContaining({ reason: 'record_invalid', stage: 'processor' }),
      ]),
    );

    await waitFor(() => Promise.resolve(anomalies.records.length >= 1 ? true : undefined), { what: 'anomaly' });
    expect(anomalies.records.map((r) => [r.key, r.record.detector, r.record.reason])).toEqual([
      ['alarm-a5', 'alarm', 'ERROR boom ALARM'],
    ]);

    const end = await withAdmin(scope.kafka, (admin) => admin.fetchTopicOffsets(topics.logsRaw));
    await waitFor(
      async () => {
        const committed = await scope.committedOffsets(logsGroup, topics.logsRaw);
        return end.every(
          (p) => committed[p.partition] === p.high || (p.high === '0' && committed[p.partition] === '-1'),
        )
          ? true
          : undefined;
      },
      { what: 'logs offsets committed' },
    );
    const labels = { processor: 'http-status', pipeline: 'logs' };
    expect(await metricValue(ctx, 'daytwo_processor_records_in_total', labels)).toBe(6);
    expect(await metricValue(ctx, 'daytwo_processor_records_errors_total', labels)).toBe(1);
    expect(await metricValue(ctx, 'daytwo_processor_records_dropped_total', { processor: 'drop-debug' })).toBe(1);
    expect(await metricValue(ctx, 'daytwo_processor_dead_letter_total', { reason: 'record_invalid' })).toBe(1);

    const code = await stopProcessorService(ctx);
    ctx = undefined;
    expect(code).toBe(0);
    expect(exits).toEqual([0]);
  });
});
