import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordProducer, type AnomalyEvent, type createKafka, type ServiceContext } from '@daytwo/core';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { AlerterConfig, AlerterConfigInput } from '../config';
import { deliveryQueueName } from '../delivery/queues';
import { runAlerter } from '../main';

export interface RunningAlerter {
  ctx: ServiceContext<AlerterConfig>;
  /** Graceful shutdown, as on SIGTERM; resolves to the exit code. */
  stop(): Promise<number>;
}

/** Starts the alerter in this process from `config` (written to a temporary file), without touching process.env. */
export async function startAlerterForTest(config: AlerterConfigInput): Promise<RunningAlerter> {
  const dir = mkdtempSync(join(tmpdir(), 'daytwo-alerter-'));
  const file = join(dir, 'alerter.json');
  writeFileSync(file, JSON.stringify(config));
  const exits: number[] = [];
  const ctx = await runAlerter({ argv: ['--config', file], env: {}, exit: (code) => void exits.push(code) });
  rmSync(dir, { recursive: true, force: true });
  if (!ctx) throw new Error(`alerter did not start (exit ${exits.join(', ')})`);
  return {
    ctx,
    stop: async () => {
      const code = await ctx.lifecycle.shutdown('test');
      ctx.lifecycle.uninstall();
      return code;
    },
  };
}

/** A metric's current value in the alerter's registry (0 when never set). */
export async function metricValue(
  ctx: ServiceContext<AlerterConfig>,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = ctx.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const match = values.filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want));
  return match.reduce((sum, v) => sum + v.value, 0);
}

/** Publishes anomaly events to the topic, one envelope per event, keyed by workload. */
export async function publishEvents(
  kafka: ReturnType<typeof createKafka>,
  topic: string,
  events: readonly AnomalyEvent[],
): Promise<void> {
  const producer = new RecordProducer(kafka);
  try {
    for (const event of events) {
      const key = event.workload ? `${event.workload.namespace}/${event.workload.name}` : event.id;
      await producer.publishRecords(topic, 'anomaly', key, [event]);
    }
  } finally {
    await producer.disconnect();
  }
}

/** Removes the delivery queues and the grouping state of a test's prefix. */
export async function cleanupRedis(url: string, prefix: string, destinations: readonly string[]): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: null });
  try {
    for (const destination of destinations) {
      const queue = new Queue(deliveryQueueName(destination), { connection: redis, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:state:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
