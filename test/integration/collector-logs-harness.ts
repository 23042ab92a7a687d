import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import {
  decodeEnvelope,
  DeadLetterEntry,
  DeadLetterPublisher,
  RecordProducer,
  withAdmin,
  type LogRecord,
  type TopicNames,
} from '@daytwo/core';
import { Collector, CollectorLogsConfig, type CollectorLogsConfigInput } from '@daytwo/collector-logs';
import type { KafkaTestScope } from '../support/kafka';
import { waitFor } from '../support/wait-for';

/** A CRI log line as containerd writes it. */
export function cri(message: string, stream = 'stdout', tag = 'F', at = new Date()): string {
  return `${at.toISOString()} ${stream} ${tag} ${message}\n`;
}

export function criLines(prefix: string, from: number, count: number): string {
  let text = '';
  for (let i = from; i < from + count; i++) text += cri(`${prefix}-${i}`);
  return text;
}

export const linesOf = (prefix: string, from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${from + i}`);

/** Temp `pods` tree + state dir, and collectors running on them against the test topics. */
export class CollectorHarness {
  readonly base = mkdtempSync(join(tmpdir(), 'daytwo-cl-'));
  readonly root = join(this.base, 'pods');
  readonly stateDir = join(this.base, 'state');
  private readonly producer: RecordProducer;
  collector: Collector | undefined;
  private registry = new Registry();

  constructor(
    readonly scope: KafkaTestScope,
    readonly topics: TopicNames,
    private readonly overrides: Pick<CollectorLogsConfigInput, 'discovery' | 'read' | 'decode' | 'publish'> = {},
  ) {
    mkdirSync(this.root);
    this.producer = new RecordProducer(scope.kafka, { maxRecordsPerMessage: 50 });
  }

  /** `<root>/<ns>_<pod>_<uid>/<container>/`, created. */
  containerDir(namespace: string, pod: string, uid: string, container: string): string {
    const dir = join(this.root, `${namespace}_${pod}_${uid}`, container);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  write(path: string, text: string): void {
    appendFileSync(path, text);
  }

  async start(): Promise<Collector> {
    const o = this.overrides;
    const config = CollectorLogsConfig.parse({
      kafka: { brokers: ['127.0.0.1:9092'] },
      nodeName: 'node-it',
      discovery: { root: this.root, rescanIntervalMs: 300, ...o.discovery },
      read: { pollIntervalMs: 100, rotateWaitMs: 300, chunkBytes: 4096, ...o.read },
      decode: { flushIntervalMs: 100, ...o.decode },
      checkpoint: { dir: this.stateDir, minWriteIntervalMs: 20 },
      publish: { maxInFlightBytes: 1024 * 1024, drainTimeoutMs: 30_000, ...o.publish },
    });
    this.registry = new Registry();
    this.collector = await Collector.start({
      settings: config,
      topic: this.topics.logsRaw,
      records: this.producer,
      deadLetters: new DeadLetterPublisher(this.producer, { topic: this.topics.deadLetter, stage: 'collector-it' }),
      logger: pino({ level: process.env.CL_LOG ?? 'warn' }),
      registry: this.registry,
      nodeName: 'node-it',
      hostName: 'host-it',
    });
    return this.collector;
  }

  /** Records acknowledged by Kafka since the current collector started. */
  async published(): Promise<number> {
    const metric = await this.collector!.metrics.recordsPublished.get();
    return metric.values[0]?.value ?? 0;
  }

  async waitPublished(count: number): Promise<void> {
    await waitFor(async () => ((await this.published()) >= count ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: `${count} records published`,
    });
  }

  async stop(): Promise<void> {
    await this.collector?.stop();
    this.collector = undefined;
  }

  async cleanup(): Promise<void> {
    await this.stop();
    await this.producer.disconnect();
    rmSync(this.base, { recursive: true, force: true });
  }
}

/** Every message of `topic` up to its current end, with its key. */
async function readAll(scope: KafkaTestScope, topic: string): Promise<{ key: string; value: Buffer }[]> {
  const offsets = await withAdmin(scope.kafka, (admin) => admin.fetchTopicOffsets(topic));
  const count = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  if (count === 0) return [];
  const messages = await scope.readMessages(topic, count);
  return messages.map((m) => ({ key: m.key?.toString() ?? '', value: m.value ?? Buffer.alloc(0) }));
}

/** The log records on the topic, each with the Kafka key of its message. */
export async function readRecords(scope: KafkaTestScope, topic: string): Promise<{ key: string; record: LogRecord }[]> {
  const out: { key: string; record: LogRecord }[] = [];
  for (const { key, value } of await readAll(scope, topic)) {
    for (const record of decodeEnvelope(value).records) out.push({ key, record: record as LogRecord });
  }
  return out;
}

export async function readDeadLetters(scope: KafkaTestScope, topic: string): Promise<DeadLetterEntry[]> {
  return (await readAll(scope, topic)).map(({ value }) => DeadLetterEntry.parse(JSON.parse(value.toString())));
}

/** Messages of the records of one pod, sorted, and whether their ids are all different. */
export function messagesOfPod(
  records: { record: LogRecord }[],
  uid: string,
): { messages: string[]; uniqueIds: boolean } {
  const mine = records.filter((r) => r.record.kubernetes?.pod?.uid === uid).map((r) => r.record);
  const ids = new Set(mine.map((r) => r.event.id));
  return { messages: mine.map((r) => r.message).sort(), uniqueIds: ids.size === mine.length };
}
