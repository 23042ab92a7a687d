import {
  BatchConsumer,
  createKafka,
  deleteTopics,
  ensureTopics,
  topicNames,
  withAdmin,
  type BatchConsumerOptions,
  type ConsumerSettingsInput,
  type TopicNames,
} from '@daytwo/core';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { testEnv } from './env';
import { uniqueName } from './unique';
import { waitFor } from './wait-for';

/** A quiet client for the test broker. */
export function testKafka(): Kafka {
  return createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'daytwo-test', connectionTimeoutMs: 5_000 });
}

/** Consumer settings that keep group joins, retries and shutdown short in tests. */
export const FAST_CONSUMER: Omit<ConsumerSettingsInput, 'groupId'> = {
  sessionTimeoutMs: 6_000,
  rebalanceTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  maxWaitTimeMs: 100,
  retryInitialMs: 200,
  retryMaxMs: 1_000,
};

/**
 * Owns the topics, groups and consumers of one test file: `topics()` makes a fresh prefixed set of pipeline topics,
 * `cleanup()` stops the consumers and deletes every topic and group it handed out.
 */
export class KafkaTestScope {
  private readonly topicList: string[] = [];
  private readonly groups: string[] = [];
  private readonly consumers: BatchConsumer[] = [];

  constructor(readonly kafka: Kafka = testKafka()) {}

  /** Creates the pipeline topics under a unique prefix (`partitions` each). */
  async topics(partitions = 1): Promise<TopicNames> {
    const names = topicNames(uniqueName('it'));
    const all = Object.values(names);
    this.topicList.push(...all);
    await ensureTopics(
      this.kafka,
      all.map((name) => ({ name, partitions })),
    );
    return names;
  }

  groupId(): string {
    const id = uniqueName('it_group');
    this.groups.push(id);
    return id;
  }

  /** A started consumer with FAST_CONSUMER settings; stopped by `cleanup()` unless stopped before. */
  async consumer(options: Omit<BatchConsumerOptions, 'settings'> & { settings: ConsumerSettingsInput }) {
    const consumer = new BatchConsumer(this.kafka, { ...options, settings: { ...FAST_CONSUMER, ...options.settings } });
    this.consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  /** Committed offset per partition of `topic` for `groupId` ('-1' when nothing was committed). */
  async committedOffsets(groupId: string, topic: string): Promise<Record<number, string>> {
    const result = await withAdmin(this.kafka, (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
    const offsets: Record<number, string> = {};
    for (const p of result.find((t) => t.topic === topic)?.partitions ?? []) offsets[p.partition] = p.offset;
    return offsets;
  }

  /** Reads `count` messages from the start of `topic` with a throwaway group. */
  async readMessages(topic: string, count: number, timeoutMs = 30_000): Promise<KafkaMessage[]> {
    const consumer = this.kafka.consumer({ groupId: this.groupId(), ...KAFKAJS_FAST });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ eachMessage: ({ message }) => Promise.resolve(void messages.push(message)) });
      await waitFor(() => Promise.resolve(messages.length >= count ? true : undefined), {
        timeoutMs,
        what: `${count} messages on ${topic}`,
      });
      return messages;
    } finally {
      await consumer.disconnect();
    }
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    await deleteTopics(this.kafka, this.topicList);
    const groups = this.groups.splice(0);
    // A group that never committed does not exist on the broker; only delete the known ones.
    await withAdmin(this.kafka, async (admin) => {
      const known = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
      const doomed = groups.filter((g) => known.has(g));
      if (doomed.length > 0) await admin.deleteGroups(doomed);
    });
  }
}

const KAFKAJS_FAST = { sessionTimeout: 6_000, rebalanceTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 };
