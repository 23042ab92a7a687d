import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import { z } from 'zod';

export const TopicSpec = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'topic names use [a-zA-Z0-9._-], at most 249 characters'),
    partitions: z.number().int().positive().default(1),
    /** -1 takes the broker's `default.replication.factor`. */
    replicationFactor: z
      .number()
      .int()
      .min(-1)
      .refine((n) => n !== 0, 'must be -1 or positive')
      .default(-1),
    /** -1 keeps data forever. */
    retentionMs: z.number().int().min(-1).optional(),
    cleanupPolicy: z.enum(['delete', 'compact', 'compact,delete']).optional(),
    minInsyncReplicas: z.number().int().positive().optional(),
    maxMessageBytes: z.number().int().positive().optional(),
    /** Any other topic-level setting, by its Kafka name. */
    config: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type TopicSpec = z.output<typeof TopicSpec>;
export type TopicSpecInput = z.input<typeof TopicSpec>;

export class KafkaAdminError extends Error {
  override name = 'KafkaAdminError';
}

export interface EnsureTopicsResult {
  created: string[];
  /** Left as they are: partition counts are never changed, that would move keys to other partitions. */
  existing: string[];
}

/** The kafkajs request for a spec. */
export function topicConfig(spec: TopicSpec): ITopicConfig {
  const entries: Record<string, string> = { ...spec.config };
  if (spec.retentionMs !== undefined) entries['retention.ms'] = String(spec.retentionMs);
  if (spec.cleanupPolicy !== undefined) entries['cleanup.policy'] = spec.cleanupPolicy;
  if (spec.minInsyncReplicas !== undefined) entries['min.insync.replicas'] = String(spec.minInsyncReplicas);
  if (spec.maxMessageBytes !== undefined) entries['max.message.bytes'] = String(spec.maxMessageBytes);
  return {
    topic: spec.name,
    numPartitions: spec.partitions,
    replicationFactor: spec.replicationFactor,
    configEntries: Object.entries(entries).map(([name, value]) => ({ name, value })),
  };
}

export async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates the topics that do not exist yet and waits for their leaders; existing topics are fine. */
export async function ensureTopics(
  kafka: Kafka,
  specs: readonly TopicSpecInput[],
  options: { timeoutMs?: number } = {},
): Promise<EnsureTopicsResult> {
  const parsed = specs.map((spec, i) => {
    const result = TopicSpec.safeParse(spec);
    if (result.success) return result.data;
    const issues = result.error.issues.map(
      (issue) => `topics.${[i, ...issue.path.map(String)].join('.')}: ${issue.message}`,
    );
    throw new KafkaAdminError(issues.join('; '));
  });
  return withAdmin(kafka, async (admin) => {
    const present = new Set(await admin.listTopics());
    const missing = parsed.filter((spec) => !present.has(spec.name));
    if (missing.length > 0) {
      try {
        // false means another process created them meanwhile, which is just as good.
        await admin.createTopics({
          topics: missing.map(topicConfig),
          waitForLeaders: true,
          timeout: options.timeoutMs,
        });
      } catch (err) {
        throw new KafkaAdminError(`creating topics ${missing.map((s) => s.name).join(', ')} failed: ${String(err)}`, {
          cause: err,
        });
      }
    }
    return {
      created: missing.map((s) => s.name),
      existing: parsed.filter((spec) => present.has(spec.name)).map((s) => s.name),
    };
  });
}

/** Deletes the topics that exist (for tests and teardown); unknown names are skipped. Returns the deleted names. */
export async function deleteTopics(kafka: Kafka, names: readonly string[]): Promise<string[]> {
  return withAdmin(kafka, async (admin) => {
    const present = new Set(await admin.listTopics());
    const doomed = names.filter((name) => present.has(name));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed });
    return doomed;
  });
}
