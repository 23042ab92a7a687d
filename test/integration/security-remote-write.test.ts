import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordProducer, type ServiceContext } from '@daytwo/core';
import { classifyAnswer, HttpEndpoint, runSink, type SinkConfig } from '@daytwo/sink';
import { testEnv } from '../support/env';
import { KafkaTestScope } from '../support/kafka';
import { waitForPrometheus } from '../support/prometheus';
import { createTestCertificates, type TestCertificates } from '../support/tls';
import { TlsAuthProxy } from '../support/tls-proxy';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';
import { deleteRedisKeys, gauge, metricsSinkConfig, metricValue, rawSamples } from './sink-remote-write-support';

jest.setTimeout(120_000);

const USER = 'daytwo-sink';
const PASSWORD = 'rw-pw-h6t3c8n2';
const TOKEN = 'rw-token-b7x1k4p9';

const scope = new KafkaTestScope();
const producer = new RecordProducer(scope.kafka);
const redisPrefixes: string[] = [];
let certs: TestCertificates;
let proxy: TlsAuthProxy;
let running: ServiceContext<SinkConfig> | undefined;

beforeAll(async () => {
  await waitForPrometheus();
  certs = await createTestCertificates('daytwo-prometheus');
  proxy = await TlsAuthProxy.start({
    target: testEnv.prometheusUrl,
    cert: certs.cert,
    key: certs.key,
    accept: { basic: { username: USER, password: PASSWORD }, bearer: TOKEN },
  });
});

afterEach(async () => {
  if (running) {
    await running.lifecycle.shutdown('test done');
    running.lifecycle.uninstall();
    running = undefined;
  }
});

afterAll(async () => {
  await producer.disconnect();
  await scope.cleanup();
  for (const prefix of redisPrefixes) await deleteRedisKeys(prefix);
  await proxy.close();
  certs.cleanup();
});

/** The sink's metrics pipeline in this process, writing through the proxy with `auth`; env feeds `${env:}`. */
async function startSink(auth: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const topics = await scope.topics(1);
  const redisPrefix = `${uniqueName('rwsec')}:`;
  redisPrefixes.push(redisPrefix);
  const base = metricsSinkConfig({
    topicPrefix: topics.metricsProcessed.slice(0, -'.daytwo.metrics.processed'.length),
    groupId: scope.groupId(),
    redisPrefix,
    url: `${proxy.url}/api/v1/write`,
    queryUrl: `${proxy.url}/api/v1/query`,
    shards: 1,
  });
  const remoteWrite = { ...(base['remoteWrite'] as object), auth, tls: { caFile: certs.caFile } };
  const file = join(certs.dir, `${redisPrefix.slice(0, -1)}.yaml`);
  writeFileSync(file, JSON.stringify({ ...base, remoteWrite }));
  const exits: number[] = [];
  running = await runSink({ argv: ['--config', file], env, exit: (code) => void exits.push(code) });
  const ctx = running!;
  return {
    topics,
    metrics: async () => (await fetch(`${ctx.telemetry.url}/metrics`)).text(),
  };
}

describe('sink remote write over TLS with basic auth and bearer tokens (proxy in front of Prometheus)', () => {
  it.each([
    ['basic auth, password from ${file:}', 'Basic', 'file'],
    ['a bearer token from ${env:}', 'Bearer', 'env'],
  ])('writes samples with %s, verifying the certificate with tls.caFile', async (_what, scheme, source) => {
    const passwordFile = join(certs.dir, 'rw-password');
    writeFileSync(passwordFile, `${PASSWORD}\n`);
    const sink =
      source === 'file'
        ? await startSink({ username: USER, password: `\${file:${passwordFile}}` })
        : await startSink({ bearerToken: '${env:RW_TOKEN}' }, { RW_TOKEN: TOKEN });
    const name = uniqueName('rw_sec');
    const t0 = Date.now() - 60_000;
    const before = proxy.forwarded().length;
    await producer.publishRecords(sink.topics.metricsProcessed, 'metric', name, [
      gauge(name, 'a', t0, 1),
      gauge(name, 'a', t0 + 1000, 2),
    ]);
    const stored = await waitFor(
      async () => {
        const series = await rawSamples(name, t0, t0 + 1000);
        return series[0]?.samples.length === 2 ? series[0].samples : undefined;
      },
      { timeoutMs: 60_000, what: `${name} in Prometheus` },
    );
    expect(stored).toEqual([
      [t0, '1'],
      [t0 + 1000, '2'],
    ]);
    const writes = proxy
      .forwarded()
      .slice(before)
      .filter((r) => r.path === '/api/v1/write');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((r) => r.scheme === scheme && r.status === 204)).toBe(true);
  });

  it('a wrong bearer token: 401 reported per request and on the dead letter, not retried', async () => {
    const sink = await startSink({ bearerToken: '${env:RW_TOKEN}' }, { RW_TOKEN: 'not-the-token' });
    const name = uniqueName('rw_sec_bad');
    const sample = gauge(name, 'a', Date.now() - 30_000, 1);
    await producer.publishRecords(sink.topics.metricsProcessed, 'metric', name, [sample]);
    const dead = await scope.readMessages(sink.topics.deadLetter, 1, 60_000);
    const entry = JSON.parse(dead[0]!.value!.toString()) as { record_id: string; error: string };
    expect(entry.record_id).toBe(sample.id);
    expect(entry.error).toMatch(/^remote write answered 401: .*unable to authenticate/);
    expect(entry.error).not.toContain('not-the-token');

    const text = await sink.metrics();
    expect(metricValue(text, 'daytwo_sink_remote_write_requests_total', { status: '401' })).toBe(1);
    expect(metricValue(text, 'daytwo_sink_remote_write_retries_total')).toBe(0);
    expect(await rawSamples(name, sample.timestamp, sample.timestamp)).toEqual([]);
  });

  it('without the CA the certificate is refused: a retryable network error naming it, nothing sent', async () => {
    const endpoint = new HttpEndpoint({ auth: { bearerToken: TOKEN }, headers: {}, requestTimeoutMs: 10_000 });
    const before = proxy.requests.length;
    try {
      const answer = await endpoint.request('POST', new URL(`${proxy.url}/api/v1/write`), Buffer.alloc(0));
      expect(classifyAnswer(answer)).toMatchObject({
        outcome: 'retryable',
        status: 'network_error',
        reason: expect.stringMatching(/^unable to verify the first certificate/) as string,
        uncertain: false,
      });
      expect(proxy.requests.length).toBe(before);
    } finally {
      endpoint.close();
    }
  });
});
