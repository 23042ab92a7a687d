import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { allTopicNames, deleteTopics, withAdmin } from '@daytwo/core';
import { testEnv } from '../support/env';
import { testKafka } from '../support/kafka';
import { uniqueName } from '../support/unique';

// The create-topics Job's command (bin/create-topics.js), run as the Job runs it: a child process against the real
// broker, configured by environment variables only.
const script = join(__dirname, '..', '..', 'bin', 'create-topics.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { topicSettingsFromEnv } = require(script) as {
  topicSettingsFromEnv: (env: Record<string, string>) => Record<string, number>;
};
const run = promisify(execFile);
const kafka = testKafka();
const prefix = uniqueName('k8s_job');

async function createTopics(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv = { PATH: process.env.PATH, DAYTWO__KAFKA__BROKERS: testEnv.kafkaBrokers.join(','), ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, [script], { env: childEnv, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(async () => {
  await deleteTopics(kafka, allTopicNames(prefix));
});

describe('bin/create-topics.js', () => {
  it('creates the six pipeline topics with the partitions and retention it is given, then leaves them alone', async () => {
    const env = { DAYTWO__TOPIC_PREFIX: prefix, DAYTWO_TOPICS_PARTITIONS: '2', DAYTWO_TOPICS_RETENTION_MS: '3600000' };
    const first = await createTopics(env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ created: allTopicNames(prefix), existing: [] });

    const names = allTopicNames(prefix);
    const { metadata, retention } = await withAdmin(kafka, async (admin) => ({
      metadata: await admin.fetchTopicMetadata({ topics: names }),
      retention: await admin.describeConfigs({
        includeSynonyms: false,
        resources: names.map((name) => ({ type: 2, name, configNames: ['retention.ms'] })),
      }),
    }));
    expect(metadata.topics.map((t) => t.partitions.length)).toEqual(names.map(() => 2));
    for (const resource of retention.resources) expect(resource.configEntries[0]?.configValue).toBe('3600000');

    const second = await createTopics({ ...env, DAYTWO_TOPICS_PARTITIONS: '4' });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ created: [], existing: names });
  });

  it.each([
    [{ DAYTWO_TOPICS_PARTITIONS: '0' }, 'DAYTWO_TOPICS_PARTITIONS: expected an integer of at least 1, got "0"'],
    [{ DAYTWO__KAFKA__SASL__MECHANISM: 'plain', DAYTWO__KAFKA__SASL__USERNAME: 'u' }, 'kafka.sasl.passwordFile'],
  ])('refuses %j with exit code 2, naming the setting, before it connects', async (env, message) => {
    const result = await createTopics({ DAYTWO__TOPIC_PREFIX: uniqueName('k8s_bad'), ...env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it.each([
    [{}, { partitions: 6, replicationFactor: -1 }],
    [{ DAYTWO_TOPICS_REPLICATION_FACTOR: '0' }, 'DAYTWO_TOPICS_REPLICATION_FACTOR: expected -1 or a positive integer'],
    [
      { DAYTWO_TOPICS_MIN_INSYNC_REPLICAS: '2.5' },
      'DAYTWO_TOPICS_MIN_INSYNC_REPLICAS: expected an integer of at least 1',
    ],
    [
      { DAYTWO_TOPICS_PARTITIONS: '12', DAYTWO_TOPICS_REPLICATION_FACTOR: '3', DAYTWO_TOPICS_MIN_INSYNC_REPLICAS: '2' },
      { partitions: 12, replicationFactor: 3, minInsyncReplicas: 2 },
    ],
    [
      { DAYTWO_TOPICS_RETENTION_MS: '-1', DAYTWO_TOPICS_PARTITIONS: ' 3 ' },
      { partitions: 3, replicationFactor: -1, retentionMs: -1 },
    ],
  ])('reads topic settings %j as %j', (env, expected) => {
    if (typeof expected === 'string') expect(() => topicSettingsFromEnv(env)).toThrow(expected);
    else expect(topicSettingsFromEnv(env)).toEqual(expected);
  });
});
