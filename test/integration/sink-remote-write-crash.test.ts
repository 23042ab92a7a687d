import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordProducer, withAdmin } from '@daytwo/core';
import { testEnv } from '../support/env';
import { KafkaTestScope } from '../support/kafka';
import { waitForPrometheus } from '../support/prometheus';
import { redisClient } from '../support/redis';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';
import {
  countsBySeries,
  deleteRedisKeys,
  gauge,
  metricsSinkConfig,
  metricValue,
  rawSamples,
  RemoteWriteProxy,
} from './sink-remote-write-support';

const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'services/sink/dist/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The sink as its own process on the built dist, as it runs in production. */
class SinkProcess {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(configFile: string) {
    // Only the config file configures it: no DAYTWO__ overrides from the test's environment.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DAYTWO__')));
    this.child = spawn(process.execPath, [MAIN, '--config', configFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

const scope = new KafkaTestScope();
const producer = new RecordProducer(scope.kafka, { maxRecordsPerMessage: 10 });
const dir = mkdtempSync(join(tmpdir(), 'sink-rw-crash-'));
const redisPrefix = `${uniqueName('rwcrash')}:`;
const proxy = new RemoteWriteProxy();
const children: SinkProcess[] = [];

beforeAll(async () => {
  await waitForPrometheus();
  await proxy.start();
  // Serialized with the other engineers' builds. Errors elsewhere in the repo do not stop tsc -b from emitting.
  const build = spawnSync('flock', ['/tmp/daytwo-tsc.lock', 'npx', 'tsc', '-b', 'services/sink'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 280_000,
  });
  if (!existsSync(MAIN)) throw new Error(`sink not built: ${build.stdout}${build.stderr}`);
}, 300_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await proxy.close();
  await producer.disconnect();
  await scope.cleanup();
  await deleteRedisKeys(redisPrefix);
  rmSync(dir, { recursive: true, force: true });
});

it('survives kill -9 between "Prometheus stored it" and "offset committed": no out-of-order answer, nothing lost', async () => {
  const topics = await scope.topics(1);
  const topic = topics.metricsProcessed;
  const groupId = scope.groupId();
  const metricsPort = await freePort();
  const config = metricsSinkConfig({
    topicPrefix: topic.slice(0, -'.daytwo.metrics.processed'.length),
    groupId,
    redisPrefix,
    url: proxy.url,
    queryUrl: `${testEnv.prometheusUrl}/api/v1/query`,
    shards: 2,
    maxSamples: 40,
    metricsPort,
  });
  const file = join(dir, 'sink.yaml');
  writeFileSync(file, JSON.stringify(config));

  const name = uniqueName('rw_crash');
  const names = ['a', 'b', 'c', 'd'];
  const perSeries = 150;
  const t0 = Date.now() - 5 * 60_000;
  for (const s of names) {
    const samples = Array.from({ length: perSeries }, (_, i) => gauge(name, s, t0 + i * 1000, i));
    await producer.publishRecords(topic, 'metric', `${name}-${s}`, samples);
  }

  // The 5th stored request never gets its answer: the sink dies while Prometheus holds it, uncommitted.
  const held = proxy.holdAnswerAfter(5);
  const first = new SinkProcess(file);
  children.push(first);
  await held;
  first.kill('SIGKILL');
  expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
  const redis = redisClient();
  try {
    const intents = await redis.hgetall(`${redisPrefix}intent:${topic}:0`);
    expect(Object.keys(intents).length).toBeGreaterThan(0);
  } finally {
    await redis.quit();
  }
  const storedBefore = proxy.requests.filter((r) => r.forwarded && r.status === 204).length;
  expect(storedBefore).toBeGreaterThanOrEqual(5);

  const second = new SinkProcess(file);
  children.push(second);
  const end = (await withAdmin(scope.kafka, (a) => a.fetchTopicOffsets(topic)))[0]!.high;
  await waitFor(async () => ((await scope.committedOffsets(groupId, topic))[0] === end ? true : undefined), {
    timeoutMs: 90_000,
    what: 'everything committed after the restart',
  });

  expect(proxy.clientErrors()).toEqual([]);
  expect(await countsBySeries(name, t0, t0 + perSeries * 1000)).toEqual(
    Object.fromEntries(names.map((s) => [s, perSeries])),
  );
  const [a] = await rawSamples(`${name}{series="a"}`, t0, t0 + perSeries * 1000);
  expect(a!.samples.map(([t, v]) => [t - t0, Number(v)])).toEqual(
    Array.from({ length: perSeries }, (_, i) => [i * 1000, i]),
  );
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  // The restarted sink asked Prometheus about the unconfirmed request and skipped what was already stored.
  const resolutions = 'daytwo_sink_remote_write_intent_resolutions_total';
  expect(metricValue(text, resolutions, { when: 'restart', resolution: 'written' })).toBeGreaterThan(0);
  expect(metricValue(text, 'daytwo_sink_remote_write_watermark_drops_total')).toBeGreaterThan(0);

  second.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
}, 180_000);
