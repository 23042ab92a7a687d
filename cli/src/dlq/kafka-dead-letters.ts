import type { Kafka } from 'kafkajs';
import type { CliConfig } from '../config';
import { causeText, CliError, UnreachableError } from '../errors';
import { throwawayGroupId, withAdmin } from '../kafka';
import { parseStoredEntry, type StoredDeadLetter } from './dead-letters';

/** Offsets [from, to) to read per partition. */
export type PartitionRanges = Map<number, { from: number; to: number }>;

export function kafkaEntryId(partition: number, offset: string | number): string {
  return `kafka:${partition}:${offset}`;
}

/** The partition ranges of the newest `max` entries per partition (all of them when fewer). */
export async function latestRanges(kafka: Kafka, config: CliConfig, topic: string, max: number) {
  return withAdmin(kafka, config, async (admin): Promise<PartitionRanges | undefined> => {
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    const ranges: PartitionRanges = new Map();
    for (const o of await admin.fetchTopicOffsets(topic)) {
      const low = Number(o.low);
      const high = Number(o.high);
      if (high > low) ranges.set(o.partition, { from: Math.max(low, high - max), to: high });
    }
    return ranges;
  });
}

/**
 * Reads the given ranges of the dead-letter topic with a throwaway consumer group (deleted afterwards; nothing is
 * committed on the pipeline's groups).
 */
export async function readDeadLetterTopic(
  kafka: Kafka,
  config: CliConfig,
  topic: string,
  ranges: PartitionRanges,
  timeoutMs = 30_000,
): Promise<StoredDeadLetter[]> {
  const wanted = [...ranges.values()].reduce((n, r) => n + r.to - r.from, 0);
  if (wanted === 0) return [];
  const groupId = throwawayGroupId();
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 200,
  });
  const found: StoredDeadLetter[] = [];
  try {
    await consumer.connect();
  } catch (err) {
    throw new UnreachableError(`cannot reach Kafka at ${config.kafka.brokers.join(',')}: ${causeText(err)}`);
  }
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let done!: () => void;
    const complete = new Promise<void>((resolve) => (done = resolve));
    let seen = 0;
    // Done when every partition reached the end of its range (offsets may have gaps, so counting is not enough).
    const pending = new Set([...ranges].filter(([, r]) => r.to > r.from).map(([p]) => p));
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        const range = ranges.get(partition);
        const offset = Number(message.offset);
        if (!range || offset < range.from || offset >= range.to) return Promise.resolve();
        seen++;
        if (offset >= range.to - 1) pending.delete(partition);
        const parsed = parseStoredEntry(message.value?.toString('utf8') ?? '');
        found.push({
          id: kafkaEntryId(partition, message.offset),
          store: 'kafka',
          entry: parsed.entry,
          ...(parsed.unreadable ? { unreadable: parsed.unreadable } : {}),
          time: parsed.entry?.timestamp ?? new Date(Number(message.timestamp)).toISOString(),
        });
        if (pending.size === 0) done();
        return Promise.resolve();
      },
    });
    for (const [partition, range] of ranges) consumer.seek({ topic, partition, offset: String(range.from) });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CliError(`reading ${topic} timed out after ${timeoutMs} ms (${seen} of ${wanted} entries)`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([complete, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
    await withAdmin(kafka, config, (admin) => admin.deleteGroups([groupId])).catch(() => undefined);
  }
  return found.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}
