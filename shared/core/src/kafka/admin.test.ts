import { TopicSpec, topicConfig } from './admin';

describe('topicConfig', () => {
  it.each([
    [{ name: 't' }, { topic: 't', numPartitions: 1, replicationFactor: -1, configEntries: [] }],
    [
      { name: 't', partitions: 6, replicationFactor: 3, retentionMs: 86_400_000, cleanupPolicy: 'delete' as const },
      {
        topic: 't',
        numPartitions: 6,
        replicationFactor: 3,
        configEntries: [
          { name: 'retention.ms', value: '86400000' },
          { name: 'cleanup.policy', value: 'delete' },
        ],
      },
    ],
    [
      { name: 't', minInsyncReplicas: 2, maxMessageBytes: 2_000_000, config: { 'segment.ms': '3600000' } },
      {
        topic: 't',
        numPartitions: 1,
        replicationFactor: -1,
        configEntries: [
          { name: 'segment.ms', value: '3600000' },
          { name: 'min.insync.replicas', value: '2' },
          { name: 'max.message.bytes', value: '2000000' },
        ],
      },
    ],
  ])('%j', (spec, expected) => {
    expect(topicConfig(TopicSpec.parse(spec))).toEqual(expected);
  });
});

describe('TopicSpec', () => {
  it.each([
    [{ name: 'bad name' }, 'name'],
    [{ name: 't', partitions: 0 }, 'partitions'],
    [{ name: 't', replicationFactor: 0 }, 'replicationFactor'],
    [{ name: 't', cleanupPolicy: 'keep' }, 'cleanupPolicy'],
    [{ name: 't', retention: 1 }, ''],
  ])('rejects %j', (spec, path) => {
    const result = TopicSpec.safeParse(spec);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });
});
