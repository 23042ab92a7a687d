import { createKafka, ensureTopics, withAdmin } from '@daytwo/core';
import type { Admin, Kafka } from 'kafkajs';

export const BENCH_BROKER = process.env['DAYTWO_KAFKA_BROKERS'] ?? '127.0.0.1:9092';

export function benchKafka(): Kafka {
  return createKafka({ brokers: BENCH_BROKER.split(','), clientId: 'daytwo-bench-logs' }, { logLevel: 'nothing' });
}

export async function createTopic(kafka: Kafka, name: string, partitions: number): Promise<void> {
  await ensureTopics(kafka, [{ name, partitions }]);
}

/** Messages in the topic: the sum over its partitions of high watermark minus log start. */
export async function messageCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

/** Deletes every topic whose name starts with `prefix`. */
export async function deleteTopicsWithPrefix(kafka: Kafka, prefix: string): Promise<string[]> {
  return withAdmin(kafka, async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    return topics;
  });
}
