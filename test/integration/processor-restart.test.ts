import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RecordProducer, type LogRecord } from '@daytwo/core';
import { testEnv } from '../support/env';
import { FAST_CONSUMER, KafkaTestScope } from '../support/kafka';
import { waitFor } from '../support/wait-for';
import {
  configDir,
  startProcessorService,
  stopProcessorService,
  TopicCollector,
  type ProcessorContext,
} from './processor-support';

const KEYS = ['uid-1', 'uid-2', 'uid-3', 'uid-4'];
const PER_KEY = 400;
const PER_MESSAGE = 25;

const log = (key: string, i: number): LogRecord => ({
  schema_version: 1,
  '@timestamp': '2026-01-01T00:00:00.000Z',
  message: JSON.stringify({ msg: `line ${i}`, level: 'I', seq: i }),
  kubernetes: { pod: { uid: key } },
  event: { id: `${key}-${i}` },
});

describe('processor restart mid-stream', () => {
  const scope = new KafkaTestScope();
  const producer = new RecordProducer(scope.kafka);
  const dir = configDir();
  const exits: number[] = [];
  let running: ProcessorContext | undefined;
  let output: TopicCollector<'log'> | undefined;
  let raw: TopicCollector<'log'> | undefined;

  afterAll(async () => {
    if (running) await stopProcessorService(running);
    await output?.stop();
    await raw?.stop();
    await producer.disconnect();
    await scope.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no record when stopped (SIGTERM path) in the middle and started again', async () => {
    const topics = await scope.topics(2);
    const groupId = scope.groupId();
    const config = {
      kafka: { brokers: testEnv.kafkaBrokers, clientId: 'processor-restart-it' },
      topicPrefix: topics.logsRaw.slice(0, -'.daytwo.logs.raw'.length),
      // Small batches that take a while, so that the stop lands mid-stream with a batch in hand.
      plugins: [join(__dirname, 'processor-fixtures', 'slow')],
      batch: { maxRecords: 50 },
      pipelines: {
        logs: {
          consumer: { ...FAST_CONSUMER, groupId },
          processors: [{ type: 'parse-json', promote: true }, { type: 'normalize' }, { type: 'slow', delayMs: 40 }],
        },
        metrics: { enabled: false },
      },
      telemetry: { logLevel: 'error', metrics: { host: '127.0.0.1', port: 0 } },
    };
    for (const key of KEYS) {
      for (let start = 0; start < PER_KEY; start += PER_MESSAGE) {
        const records = Array.from({ length: PER_MESSAGE }, (_v, i) => log(key, start + i));
        await producer.publishRecords(topics.logsRaw, 'log', key, records);
      }
    }
    output = await new TopicCollector<'log'>(scope.kafka, topics.logsEnriched, scope.groupId()).start();
    raw = await new TopicCollector<'log'>(scope.kafka, topics.logsRaw, scope.groupId()).start();
    const total = KEYS.length * PER_KEY;
    const distinct = () => new Set(output!.records.map((r) => r.record.event.id)).size;

    running = await startProcessorService(dir, config, exits);
    await waitFor(() => Promise.resolve(distinct() >= 200 ? true : undefined), { what: 'first records' });
    expect(await stopProcessorService(running)).toBe(0);
    running = undefined;
    const afterStop = distinct();
    expect(afterStop).toBeLessThan(total); // the stop really was mid-stream
    // Commit after produce: every record of a committed message is in the output already.
    const committed = await scope.committedOffsets(groupId, topics.logsRaw);
    const rawRecords = raw.records;
    await waitFor(() => Promise.resolve(rawRecords.length === total ? true : undefined), { what: 'raw records' });
    const committedIds = rawRecords.filter((r) => r.offset < Number(committed[r.partition] ?? -1));
    expect(committedIds.length).toBeGreaterThan(0);
    const missing = () => {
      const delivered = new Set(output!.records.map((r) => r.record.event.id));
      return committedIds.filter((r) => !delivered.has(r.record.event.id)).length;
    };
    // The output collector may still be fetching what Kafka acknowledged before the commit.
    await waitFor(() => Promise.resolve(missing() === 0 ? true : undefined), { what: 'committed records in output' });

    running = await startProcessorService(dir, config, exits);
    await waitFor(() => Promise.resolve(distinct() === total ? true : undefined), {
      what: `all ${total} records`,
      timeoutMs: 90_000,
    });
    expect(await stopProcessorService(running)).toBe(0);
    running = undefined;
    expect(exits).toEqual([0, 0]);

    // Every key's records arrived in order (a redelivered record may repeat, never jump ahead), keyed by pod uid.
    for (const key of KEYS) {
      const seen: number[] = [];
      for (const { key: k, record } of output.records.filter((r) => r.key === key)) {
        const seq = Number(record.attributes?.['seq']);
        if (!seen.includes(seq)) seen.push(seq);
        expect(k).toBe(record.kubernetes?.pod?.uid);
        expect(record.log?.level).toBe('info');
      }
      expect(seen).toEqual(Array.from({ length: PER_KEY }, (_v, i) => i));
    }
  });
});
