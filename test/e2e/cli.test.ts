import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { encodeEnvelope, type AnomalyEvent, type LogRecord } from '@daytwo/core';
import { testEnv } from '../support/env';
import { E2E_CONSUMER, PipelineHarness } from '../support/pipeline-harness';
import { buildDist, REPO_ROOT, type ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { closedPort, runCli, TestReceiver, writeCliConfig, writeRejectPlugin, type CliRun } from './cli-support';

/**
 * `npx daytwo` against the five services running on the real stack: status, the dead letters of a processor bug and
 * of records Elasticsearch cannot take, their replay after the fix, and failed alert deliveries retried.
 */
const h = new PipelineHarness('e2ecli');
const NS = 'cli-e2e';
const POD_UID = randomUUID();
const receiver = new TestReceiver();
const metricsTarget = new TestReceiver();
const services: Record<string, ServiceProcess> = {};
let configFile: string;
let pluginFile: string;

const cli = (...args: string[]): Promise<CliRun> => runCli([...args, '--config', configFile]);
const json = <T>(run: CliRun): T => {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as T;
};

function logRecord(n: number, message: string, timestamp = new Date().toISOString()): LogRecord {
  return {
    schema_version: 1,
    '@timestamp': timestamp,
    message,
    kubernetes: { namespace: NS, pod: { name: 'api-0', uid: POD_UID } },
    event: { id: `${h.id}-rec-${n}` },
  };
}

function processorConfig(marker: string): object {
  return {
    ...h.common('cli-processor'),
    plugins: [pluginFile],
    pipelines: {
      logs: {
        consumer: { ...E2E_CONSUMER, groupId: h.groupId('processor_logs') },
        processors: [{ type: 'reject-marked', marker }],
      },
      metrics: { enabled: false },
    },
  };
}

async function send(topic: string, kind: 'log' | 'anomaly', records: LogRecord[] | AnomalyEvent[], key: string) {
  const producer = h.kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key, value: encodeEnvelope(kind, records as never) }] });
  } finally {
    await producer.disconnect();
  }
}

async function esCount(index: string, query: object = { match_all: {} }): Promise<number> {
  const es = h.elasticsearch();
  await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  const result = await es.count({ index, ignore_unavailable: true, allow_no_indices: true, query });
  return result.count;
}

const stored = () => esCount(`${h.indexPrefix}-logs*`, { term: { 'kubernetes.namespace': NS } });
const deadLetterDocs = () => esCount(`${h.indexPrefix}-deadletter-logs`);

beforeAll(async () => {
  const build = await buildDist();
  if (!build.ok)
    console.log(`[e2e cli] tsc -b reported errors; using the build as is:\n${build.output.slice(0, 1500)}`);
  pluginFile = writeRejectPlugin(h.path('plugins'));
  receiver.respond = () => ({ status: 400, body: 'rejected: field "team" is required' });
  const webhookUrl = await receiver.start();
  metricsTarget.respond = () => ({ status: 200, body: '# TYPE cli_test_up gauge\ncli_test_up 1\n' });
  const targetUrl = await metricsTarget.start();
  await h.createTopics(2);
  const consumer = (name: string) => ({ ...E2E_CONSUMER, groupId: h.groupId(name) });
  const started = await Promise.all([
    h.start('sink', {
      ...h.common('cli-sink'),
      elasticsearch: {
        node: testEnv.elasticsearchUrl,
        index: { prefix: h.indexPrefix, mode: 'daily', replicas: 0 },
        bulk: { flushIntervalMs: 50 },
      },
      pipelines: { logs: { consumer: consumer('sink_logs') } },
    }),
    h.start('alerter', {
      ...h.common('cli-alerter'),
      consumer: consumer('alerter'),
      redis: { url: testEnv.redisUrl, prefix: h.id },
      cluster: h.id,
      grouping: { windowSeconds: 1, sweepIntervalMs: 200 },
      destinations: [
        { name: 'ops-webhook', type: 'webhook', url: `${webhookUrl}/alerts`, retry: { attempts: 2, backoffMs: 200 } },
      ],
    }),
    h.start('processor', processorConfig('POISON')),
    h.start('collector-logs', {
      ...h.common('cli-collector-logs'),
      nodeName: 'cli-node',
      topics: { create: false },
      discovery: { root: h.path('pods') },
      checkpoint: { dir: h.path('collector-state') },
    }),
    h.start('collector-metrics', {
      ...h.common('cli-collector-metrics'),
      scrape: { interval: '2s', timeout: '1s' },
      targets: { static: [{ job: 'cli-test', targets: [targetUrl.replace('http://', '')] }] },
    }),
  ]);
  for (const s of started) services[s.name] = s;
  configFile = writeCliConfig(h, Object.fromEntries(started.map((s) => [s.name, s.url])));

  // 5 good records, 3 the processor fails on, 1 Elasticsearch cannot place (its @timestamp is no date).
  const records = [
    ...[0, 1, 2, 3, 4].map((n) => logRecord(n, `hello ${n}`)),
    ...[5, 6, 7].map((n) => logRecord(n, `POISON pill ${n}`)),
    logRecord(8, 'no time', 'yesterday at noon'),
  ];
  await send(h.topics.logsRaw, 'log', records, POD_UID);
  await waitFor(async () => ((await stored()) === 5 && (await deadLetterDocs()) === 1 ? true : undefined), {
    timeoutMs: 90_000,
    what: '5 records and 1 dead-letter document in Elasticsearch',
  });
}, 300_000);

afterAll(async () => {
  await Promise.all([receiver.close(), metricsTarget.close()]);
  await h.cleanup();
}, 120_000);

interface Status {
  stages: Array<{
    stage: string;
    up: boolean;
    in?: { total: number };
    out?: { total: number };
    deadLetters?: Record<string, number>;
  }>;
  consumerLag: Array<{ group: string; topic: string; lag: number }>;
  deadLetterTopic: { topic: string; entries: number | null };
}

describe('npx daytwo', () => {
  it('status --json: throughput per stage, dead letters, and no lag once everything is handled', async () => {
    const status = await waitFor(
      async () => {
        const s = json<Status>(await cli('status', '--json', '--interval', '1'));
        const drained = s.consumerLag.some((l) => l.topic === h.topics.logsRaw && l.lag === 0);
        // The first scrape of collector-metrics may come after the logs are drained.
        const scraped = (s.stages.find((st) => st.stage === 'collector-metrics')?.out?.total ?? 0) > 0;
        return drained && scraped ? s : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'processor lag 0 and a first scrape published' },
    );
    const stage = (name: string) => status.stages.find((s) => s.stage === name)!;
    expect(status.stages.every((s) => s.up)).toBe(true);
    expect(stage('processor/logs')).toMatchObject({
      in: { total: 9 },
      out: { total: 6 },
      deadLetters: { processing_failed: 3 },
    });
    expect(stage('sink/elasticsearch-logs')).toMatchObject({
      out: { total: 5 },
      deadLetters: { timestamp_invalid: 1 },
    });
    expect(stage('collector-metrics').out!.total).toBeGreaterThan(0);
    expect(status.deadLetterTopic).toEqual({ topic: h.topics.deadLetter, entries: 3 });
    expect(status.consumerLag).toEqual(
      expect.arrayContaining([{ group: h.groupId('processor_logs'), topic: h.topics.logsRaw, lag: 0, partitions: 2 }]),
    );
  });

  it('status prints tables; a service or Kafka that does not answer is one line on stderr and exit 1', async () => {
    const table = await cli('status', '--interval', '1');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^processor\/logs\s+up\s/m);
    expect(table.stdout).toContain(h.groupId('sink_logs'));

    const port = await closedPort();
    const down = await cli('status', '--interval', '1', '--endpoint', `processor=http://127.0.0.1:${port}`);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^processor\s+DOWN\s/m);
    expect(down.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^daytwo: 1 of 5 services did not answer: processor/),
    ]);

    const noKafka = await cli('status', '--brokers', `127.0.0.1:${port}`);
    expect({ code: noKafka.code, stdout: noKafka.stdout }).toEqual({ code: 1, stdout: '' });
    expect(noKafka.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^daytwo: cannot reach Kafka at 127\.0\.0\.1:\d+/),
    ]);
  });

  it('dlq list / show: entries of the dead-letter topic and index by stage and reason', async () => {
    const list = json<{
      summary: object[];
      entries: Array<{ id: string; entry: { stage: string; record_id: string } }>;
    }>(await cli('dlq', 'list', '--json'));
    expect(list.summary).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          store: 'kafka',
          stage: 'processor/reject-marked',
          reason: 'processing_failed',
          count: 3,
        }),
        expect.objectContaining({ store: 'es', stage: 'sink.elasticsearch', reason: 'timestamp_invalid', count: 1 }),
      ]),
    );
    const kafkaEntry = list.entries.find((e) => e.id.startsWith('kafka:'))!;
    const shown = await cli('dlq', 'show', kafkaEntry.id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('stage:     processor/reject-marked');
    expect(shown.stdout).toContain('POISON pill');

    const byReason = await cli('dlq', 'list', '--reason', 'timestamp_invalid');
    expect(byReason.stdout).toMatch(/^es:\S+\s/m);
    expect(byReason.stdout).not.toMatch(/^kafka:/m);

    const unknown = await cli('dlq', 'show', 'kafka:0:999999');
    expect({ code: unknown.code, stderr: unknown.stderr }).toEqual({
      code: 1,
      stderr: 'daytwo: no dead-letter entry kafka:0:999999\n',
    });
    const bad = await cli('dlq', 'show', 'nonsense');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('dlq replay after the fix: the failed records arrive once, a second replay stores nothing twice', async () => {
    await services.processor!.stop();
    await h.start('processor', processorConfig('NO-SUCH-MARKER'), { instance: 'processor-fixed' });
    const replay = await cli('dlq', 'replay', '--stage', 'processor/reject-marked');
    expect(replay).toMatchObject({ code: 0, stderr: '' });
    expect(replay.stdout).toContain(`replayed 3 records to ${h.topics.logsRaw}`);
    await waitFor(async () => ((await stored()) === 8 ? true : undefined), { timeoutMs: 60_000, what: '8 records' });

    const duplicatesBefore = await services.sink!.metric('daytwo_sink_es_duplicates_total');
    expect((await cli('dlq', 'replay', '--stage', 'processor/reject-marked')).code).toBe(0);
    await waitFor(
      async () =>
        (await services.sink!.metric('daytwo_sink_es_duplicates_total')) >= duplicatesBefore + 3 ? true : undefined,
      { timeoutMs: 60_000, what: 'the second replay to reach the sink' },
    );
    expect(await stored()).toBe(8);
  });

  it('alerts list shows a failed delivery with the receiver answer; retry delivers it', async () => {
    const event: AnomalyEvent = {
      schema_version: 1,
      id: `${h.id}-anomaly`,
      '@timestamp': new Date().toISOString(),
      source: 'log',
      detector: 'log-error-rate',
      score: 0.8,
      reason: 'error rate spike',
      status: 'firing',
      workload: { namespace: NS, name: 'api' },
    };
    await send(h.topics.anomalies, 'anomaly', [event], event.id);
    type Failed = Array<{ id: string; destination: string; response?: { status?: number; body?: string } }>;
    const failed = await waitFor(
      async () => {
        const list = json<Failed>(await cli('alerts', 'list', '--json'));
        return list.length > 0 ? list : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'a failed delivery' },
    );
    expect(failed).toEqual([
      expect.objectContaining({ destination: 'ops-webhook', response: expect.objectContaining({ status: 400 }) }),
    ]);
    expect(failed[0]!.response!.body).toContain('field "team" is required');
    expect((await cli('alerts', 'list')).stdout).toContain('HTTP 400: rejected: field "team" is required');

    receiver.respond = () => ({ status: 200, body: 'ok' });
    const retry = await cli('alerts', 'retry', failed[0]!.id);
    expect(retry).toMatchObject({ code: 0, stderr: '' });
    await waitFor(async () => Promise.resolve(receiver.bodies.length > 0 ? true : undefined), { what: 'the delivery' });
    expect(JSON.parse(receiver.bodies[0]!)).toMatchObject({ cluster: h.id, workload: { namespace: NS, name: 'api' } });
    await waitFor(async () => (json<Failed>(await cli('alerts', 'list', '--json')).length === 0 ? true : undefined), {
      what: 'no failed delivery left',
    });
    const again = await cli('alerts', 'retry', failed[0]!.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^daytwo: \S+: not failed/);
  });

  it('npx daytwo runs the linked bin', async () => {
    const child = spawn('npx', ['--no-install', 'daytwo', '--version'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ code, out }).toEqual({ code: 0, out: 'daytwo 0.1.0\n' });
  });
});
