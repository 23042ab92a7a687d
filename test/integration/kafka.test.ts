import { propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  DeadLetterEntry,
  DeadLetterPublisher,
  ensureTopics,
  extractTraceContext,
  RecordProducer,
  type ConsumedBatch,
  type ConsumedRecord,
  type LogRecord,
  type TopicNames,
} from '@daytwo/core';
import { KafkaTestScope } from '../support/kafka';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';

jest.setTimeout(30_000);

const scope = new KafkaTestScope();
// Three records per message, so a handful of records spans several messages per key.
const producer = new RecordProducer(scope.kafka, { maxRecordsPerMessage: 3 });

function logs(prefix: string, n: number): LogRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    schema_version: 1,
    '@timestamp': new Date(1_700_000_000_000 + i).toISOString(),
    message: `${prefix} line ${i}`,
    kubernetes: { pod: { uid: prefix } },
    event: { id: `${prefix}-${i}` },
  }));
}

function collector() {
  const records: ConsumedRecord[] = [];
  const handler = (batch: ConsumedBatch) => {
    records.push(...batch.records);
    return Promise.resolve();
  };
  const waitForCount = (n: number) =>
    waitFor(() => Promise.resolve(records.length >= n ? records : undefined), { what: `${n} records` });
  return { records, handler, waitForCount };
}

function deadLetters(topics: TopicNames): DeadLetterPublisher {
  return new DeadLetterPublisher(producer, { topic: topics.deadLetter, stage: 'kafka-it' });
}

afterAll(async () => {
  await scope.cleanup();
  await producer.disconnect();
});

describe('Kafka helpers on the real broker', () => {
  it('produces and consumes records with their ids, in order per key, and commits after handling', async () => {
    const topics = await scope.topics(2);
    const again = await ensureTopics(scope.kafka, [{ name: topics.logsRaw, partitions: 2 }]);
    expect(again).toEqual({ created: [], existing: [topics.logsRaw] });

    const a = await producer.publishRecords(topics.logsRaw, 'log', 'pod-a', logs('pod-a', 7));
    const b = await producer.publishRecords(topics.logsRaw, 'log', 'pod-b', logs('pod-b', 5));
    expect([a.messages, b.messages]).toEqual([3, 2]);

    const groupId = scope.groupId();
    const { handler, waitForCount } = collector();
    const consumer = await scope.consumer({
      topics: [topics.logsRaw],
      settings: { groupId },
      handler,
      deadLetters: deadLetters(topics),
    });
    const records = await waitForCount(12);
    const idsOfKey = (key: string) => records.filter((r) => r.origin.key === key).map((r) => r.id);
    expect(idsOfKey('pod-a')).toEqual(logs('pod-a', 7).map((r) => r.event.id));
    expect(idsOfKey('pod-b')).toEqual(logs('pod-b', 5).map((r) => r.event.id));
    expect(records.every((r) => r.kind === 'log' && r.origin.topic === topics.logsRaw)).toBe(true);

    await consumer.stop();
    const committed = await scope.committedOffsets(groupId, topics.logsRaw);
    const total = Object.values(committed).reduce((sum, offset) => sum + Math.max(Number(offset), 0), 0);
    expect(total).toBe(5);
    expect(consumer.stats()).toMatchObject({ messages: 5, records: 12, handlerErrors: 0, deadLetters: 0 });
  });

  it('publishes more than the broker accepts in one record batch with a single publishRecords call', async () => {
    const topics = await scope.topics();
    const bulky = new RecordProducer(scope.kafka); // defaults: 500 records per message, 900 kB per request
    try {
      const records = logs('pod-big', 3_000).map((r) => ({ ...r, message: r.message.padEnd(1_000, '.') }));
      const result = await bulky.publishRecords(topics.logsRaw, 'log', 'pod-big', records);
      expect(result.bytes).toBeGreaterThan(3_000_000);
      expect(result.messages).toBe(6);
      const { handler, waitForCount } = collector();
      await scope.consumer({
        topics: [topics.logsRaw],
        settings: { groupId: scope.groupId() },
        handler,
        deadLetters: deadLetters(topics),
      });
      expect((await waitForCount(3_000)).map((r) => r.id)).toEqual(records.map((r) => r.event.id));
    } finally {
      await bulky.disconnect();
    }
  });

  it('commits nothing while the handler fails and redelivers the batch to the next consumer of the group', async () => {
    const topics = await scope.topics();
    await producer.publishRecords(topics.logsRaw, 'log', 'pod-r', logs('pod-r', 5));
    const groupId = scope.groupId();

    let failedCalls = 0;
    const failing = await scope.consumer({
      topics: [topics.logsRaw],
      settings: { groupId },
      handler: () => {
        failedCalls++;
        return Promise.reject(new Error('elasticsearch is down'));
      },
      deadLetters: deadLetters(topics),
    });
    // Retried on the same consumer after a backoff, without crashing it.
    await waitFor(() => Promise.resolve(failedCalls >= 2 ? true : undefined), { what: 'a retried batch' });
    expect(await scope.committedOffsets(groupId, topics.logsRaw)).toEqual({ 0: '-1' });
    await failing.stop();
    expect(failing.stats()).toMatchObject({ messages: 0, records: 0, handlerErrors: failedCalls });
    expect(await scope.committedOffsets(groupId, topics.logsRaw)).toEqual({ 0: '-1' });

    const { handler, waitForCount } = collector();
    const next = await scope.consumer({
      topics: [topics.logsRaw],
      settings: { groupId },
      handler,
      deadLetters: deadLetters(topics),
    });
    const records = await waitForCount(5);
    expect(records.map((r) => r.id)).toEqual(logs('pod-r', 5).map((r) => r.event.id));
    await next.stop();
    expect(await scope.committedOffsets(groupId, topics.logsRaw)).toEqual({ 0: '2' });
  });

  it('stop() waits for the in-flight handler and commits its batch', async () => {
    const topics = await scope.topics();
    await producer.publishRecords(topics.logsRaw, 'log', 'pod-s', logs('pod-s', 2));
    const groupId = scope.groupId();
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const consumer = await scope.consumer({
      topics: [topics.logsRaw],
      settings: { groupId },
      handler: async () => {
        entered();
        await released;
      },
      deadLetters: deadLetters(topics),
    });
    await handlerEntered;
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await scope.committedOffsets(groupId, topics.logsRaw)).toEqual({ 0: '1' });
  });

  it('dead-letters undecodable messages with reason, source and raw bytes, and moves past them', async () => {
    const topics = await scope.topics();
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x01]);
    await producer.send(topics.logsRaw, [{ key: 'pod-x', value: binary }]);
    await producer.publishRecords(topics.logsRaw, 'log', 'pod-x', logs('pod-x', 2));
    await producer.send(topics.logsRaw, [{ key: 'pod-x', value: '{"v":1,"kind":"log","records":[' }]);
    const groupId = scope.groupId();
    const { handler, waitForCount } = collector();
    const consumer = await scope.consumer({
      topics: [topics.logsRaw],
      settings: { groupId },
      handler,
      deadLetters: deadLetters(topics),
    });
    const records = await waitForCount(2);
    expect(records.map((r) => r.id)).toEqual(['pod-x-0', 'pod-x-1']);

    const messages = await scope.readMessages(topics.deadLetter, 2);
    const entries = messages.map((m) => DeadLetterEntry.parse(JSON.parse(m.value!.toString())));
    entries.sort((x, y) => Number(x.source.offset) - Number(y.source.offset));
    expect(entries[0]).toMatchObject({
      reason: 'envelope_invalid',
      stage: 'kafka-it',
      source: { topic: topics.logsRaw, partition: 0, offset: '0' },
      raw: binary.toString('base64'),
      raw_encoding: 'base64',
    });
    expect(entries[0]!.error).toMatch(/not JSON/);
    expect(entries[1]).toMatchObject({
      reason: 'envelope_invalid',
      source: { topic: topics.logsRaw, partition: 0, offset: '2' },
      raw: '{"v":1,"kind":"log","records":[',
      raw_encoding: 'utf8',
    });
    expect(messages.map((m) => m.key?.toString()).sort()).toEqual([`${topics.logsRaw}:0:0`, `${topics.logsRaw}:0:2`]);

    // Counted only after the commit succeeded.
    await waitFor(() => Promise.resolve(consumer.stats().messages === 3 ? true : undefined), { what: '3 messages' });
    expect(await scope.committedOffsets(groupId, topics.logsRaw)).toEqual({ 0: '3' });
    expect(consumer.stats()).toMatchObject({ messages: 3, records: 2, deadLetters: 2 });
  });

  it('carries the W3C trace context from producer to consumer in message headers', async () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    try {
      const topics = await scope.topics();
      const spanContext = {
        traceId: uniqueName('')
          .replace(/[^0-9a-f]/g, '')
          .padEnd(32, 'a')
          .slice(0, 32),
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
      };
      const traceContext = trace.setSpanContext(ROOT_CONTEXT, spanContext);
      await producer.publishRecords(topics.logsRaw, 'log', 'pod-t', logs('pod-t', 4), { traceContext });

      const { handler, waitForCount } = collector();
      await scope.consumer({
        topics: [topics.logsRaw],
        settings: { groupId: scope.groupId() },
        handler,
        deadLetters: deadLetters(topics),
      });
      const records = await waitForCount(4);
      for (const record of records) {
        expect(record.origin.headers['traceparent']?.toString()).toBe(
          `00-${spanContext.traceId}-${spanContext.spanId}-01`,
        );
        const extracted = trace.getSpanContext(extractTraceContext(record.origin.headers, { context: ROOT_CONTEXT }));
        expect(extracted).toMatchObject({ traceId: spanContext.traceId, spanId: spanContext.spanId, isRemote: true });
      }
    } finally {
      propagation.disable();
    }
  });
});
