import type { Admin } from 'kafkajs';

export interface PartitionOffsets {
  partition: number;
  /** Committed offset of the group, -1 when it has committed nothing there. */
  committed: number;
  low: number;
  high: number;
}

export interface GroupTopicLag {
  group: string;
  topic: string;
  /** Records not yet handled (and committed) by the group. */
  lag: number;
  partitions: number;
}

/**
 * Records the group still has to handle on one topic. A partition without a commit counts from its low watermark
 * (the pipeline's groups start from the beginning).
 */
export function topicLag(partitions: readonly PartitionOffsets[]): number {
  let lag = 0;
  for (const p of partitions) {
    const from = p.committed < 0 ? p.low : Math.max(p.committed, p.low);
    lag += Math.max(0, p.high - from);
  }
  return lag;
}

/** Our own throwaway read groups are not part of the pipeline. */
const CLI_GROUP = /^daytwo-cli-/;

/**
 * Lag per consumer group and topic for the given topics: every group that committed on one of them (kafkajs
 * `fetchOffsets`) against the topics' end offsets (`fetchTopicOffsets`).
 */
export async function consumerLag(admin: Admin, topics: readonly string[]): Promise<GroupTopicLag[]> {
  const existing = new Set(await admin.listTopics());
  const ours = topics.filter((t) => existing.has(t));
  if (ours.length === 0) return [];
  const ends = new Map<string, Map<number, { low: number; high: number }>>();
  for (const topic of ours) {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends.set(topic, new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }])));
  }
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => !CLI_GROUP.test(g));
  const out: GroupTopicLag[] = [];
  for (const group of groups.sort()) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group, topics: ours })) {
      if (partitions.every((p) => Number(p.offset) < 0)) continue;
      const bounds = ends.get(topic)!;
      const rows = partitions.map((p) => ({
        partition: p.partition,
        committed: Number(p.offset),
        low: bounds.get(p.partition)?.low ?? 0,
        high: bounds.get(p.partition)?.high ?? 0,
      }));
      out.push({ group, topic, lag: topicLag(rows), partitions: rows.length });
    }
  }
  return out;
}

/** Records on a topic (for the dead-letter topic: entries kept). */
export async function topicSize(admin: Admin, topic: string): Promise<number | undefined> {
  if (!(await admin.listTopics()).includes(topic)) return undefined;
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
}
