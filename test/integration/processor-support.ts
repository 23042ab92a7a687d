import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEnvelope, type RecordKind, type RecordKinds, type ServiceContext } from '@daytwo/core';
import { runProcessorService, type ProcessorServiceConfig } from '@daytwo/processor';
import type { Consumer, Kafka } from 'kafkajs';

export const REPO = join(__dirname, '..', '..');

export interface KeyedRecord<K extends RecordKind> {
  key: string | null;
  partition: number;
  offset: number;
  record: RecordKinds[K];
}

/** Collects every record of a topic from its beginning, in arrival order, until stopped. */
export class TopicCollector<K extends RecordKind> {
  readonly records: KeyedRecord<K>[] = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
    /** `json` for topics of plain JSON values (the dead-letter topic); default envelopes. */
    private readonly format: 'envelope' | 'json' = 'envelope',
  ) {}

  async start(): Promise<this> {
    this.consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 6_000,
      rebalanceTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ message, partition }) => {
        const key = message.key?.toString() ?? null;
        const value = message.value!;
        const records =
          this.format === 'json' ? [JSON.parse(value.toString()) as unknown] : decodeEnvelope(value).records;
        const offset = Number(message.offset);
        for (const record of records) this.records.push({ key, partition, offset, record: record as RecordKinds[K] });
        return Promise.resolve();
      },
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export type ProcessorContext = ServiceContext<ProcessorServiceConfig>;

/** A temporary directory for config files (plugin paths in them are relative to it). */
export function configDir(): string {
  return mkdtempSync(join(tmpdir(), 'daytwo-processor-it-'));
}

/** Writes the config (JSON is YAML) and runs the service in this process, as `processor --config <file>` would. */
export async function startProcessorService(dir: string, config: object, exits: number[]): Promise<ProcessorContext> {
  const file = join(dir, 'processor.yaml');
  writeFileSync(file, JSON.stringify(config));
  const ctx = await runProcessorService({
    argv: ['--config', file],
    env: {},
    cwd: REPO,
    exit: (c) => void exits.push(c),
  });
  if (!ctx) throw new Error(`processor did not start (exit codes ${exits.join(', ')})`);
  return ctx;
}

/** SIGTERM's path: the lifecycle's steps (stop consuming, finish the batch, commit, close), then the exit code. */
export async function stopProcessorService(ctx: ProcessorContext): Promise<number> {
  const code = await ctx.lifecycle.shutdown('SIGTERM');
  ctx.lifecycle.uninstall();
  return code;
}

/** The value of one sample of the service's /metrics, matched by metric name and label pairs. */
export async function metricValue(
  ctx: ProcessorContext,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const text = await (await fetch(`${ctx.telemetry.url}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}
