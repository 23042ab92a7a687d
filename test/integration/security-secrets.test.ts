import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { esClient } from '../support/elasticsearch';
import { testEnv } from '../support/env';
import { createTestCertificates, type TestCertificates } from '../support/tls';
import { TlsAuthProxy } from '../support/tls-proxy';
import { uniqueName } from '../support/unique';
import { startSecureRedis, type SecureRedisServer } from './security-redis-server';
import {
  buildServices,
  sleep,
  startServiceProcess,
  waitUntil,
  type CollectedProcess,
  type ServiceName,
} from './security-support';

// Builds the five services, then runs seven processes side by side for a few seconds.
jest.setTimeout(600_000);

const secret = (what: string) => `${what}-${randomBytes(9).toString('base64url')}`;
/** Every configured secret of this run: distinctive, so any appearance in an output is a leak. */
const SECRETS = {
  kafkaScram: secret('kafka-scram'),
  kafkaPlain: secret('kafka-plain'),
  scrape: secret('scrape'),
  redis: secret('redis'),
  es: secret('es'),
  esWrong: secret('es-wrong'),
  redisWrong: secret('redis-wrong'),
  remoteWrite: secret('rw-token'),
  alertmanager: secret('am'),
  hmac: secret('hmac'),
  hookHeader: secret('hook-header'),
  notAUrl: secret('not-a-url'),
};
const USERS = { es: 'daytwo-sink', alertmanager: 'daytwo-alerter', scrape: 'scraper' };
/** Each secret as it could show up: verbatim, base64, or inside a Basic authorization header. */
const LEAK_FORMS = Object.values(SECRETS).flatMap((s) => [
  s,
  Buffer.from(s).toString('base64'),
  ...Object.values(USERS).map((u) => Buffer.from(`${u}:${s}`).toString('base64')),
]);

interface ServiceRun {
  label: string;
  service: ServiceName;
  config: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  /** Dotted paths in the logged config that must read [REDACTED]. */
  redacted: string[];
  process?: CollectedProcess;
}

let certs: TestCertificates;
let redis: SecureRedisServer;
let es: Client;
let esProxy: TlsAuthProxy;
let promProxy: TlsAuthProxy;
let amProxy: TlsAuthProxy;
const esPrefix = uniqueName('dtsecrets');
const runs: ServiceRun[] = [];

/** Writes a secret file and returns its `${file:}` reference. */
function fileRef(name: string, value: string): string {
  const file = join(certs.dir, 'secrets', name);
  writeFileSync(file, `${value}\n`);
  return `\${file:${file}}`;
}

function kafka(label: string, mechanism: 'plain' | 'scram-sha-512') {
  const password =
    mechanism === 'plain'
      ? { passwordFile: join(certs.dir, 'secrets', 'kafka-plain') }
      : { passwordEnv: 'KAFKA_PASSWORD' };
  // The shared broker has no SASL listener: these clients fail to connect, which is part of what is watched.
  return {
    brokers: testEnv.kafkaBrokers,
    clientId: `secrets-it-${label}`,
    connectionTimeoutMs: 2_000,
    sasl: { mechanism, username: 'daytwo', ...password },
  };
}

const telemetry = { logLevel: 'debug', metrics: { host: '127.0.0.1', port: 0 } };

function serviceRuns(): ServiceRun[] {
  const tls = { caFile: certs.caFile };
  const topicPrefix = uniqueName('secrets');
  const kafkaEnv = { KAFKA_PASSWORD: SECRETS.kafkaScram };
  const sinkBase = (label: string, esPassword: string, redisPassword: string) => ({
    kafka: kafka(label, 'scram-sha-512'),
    topicPrefix,
    elasticsearch: {
      node: esProxy.url,
      auth: { username: USERS.es, password: esPassword },
      tls,
      index: { prefix: esPrefix, mode: 'daily', replicas: 0 },
    },
    remoteWrite: { url: `${promProxy.url}/api/v1/write`, auth: { bearerToken: '${env:RW_TOKEN}' }, tls },
    state: { redis: { url: redis.url, password: redisPassword, keyPrefix: `${topicPrefix}:` } },
    pipelines: { logs: {}, metrics: {} },
    telemetry,
  });
  // The sink's Redis section has no CA option: Node's NODE_EXTRA_CA_CERTS makes rediss:// trust the test CA.
  const sinkEnv = { ...kafkaEnv, RW_TOKEN: SECRETS.remoteWrite, NODE_EXTRA_CA_CERTS: certs.caFile };
  const alerterBase = (label: string, redisPassword: string) => ({
    kafka: kafka(label, 'plain'),
    topicPrefix,
    redis: { url: redis.url, password: redisPassword, tls, prefix: topicPrefix },
    cluster: 'secrets-it',
    destinations: [
      {
        name: 'am',
        type: 'alertmanager',
        url: amProxy.url,
        auth: { username: USERS.alertmanager, password: '${env:AM_PASSWORD}' },
        tls,
      },
      {
        name: 'hook',
        type: 'webhook',
        url: 'https://127.0.0.1:9/hook',
        headers: { 'X-Api-Key': '${env:HOOK_KEY}' },
        hmacSecret: fileRef('hmac', SECRETS.hmac),
        tls,
      },
    ],
    telemetry,
  });
  const alerterEnv = { AM_PASSWORD: SECRETS.alertmanager, HOOK_KEY: SECRETS.hookHeader };
  const alerterRedacted = [
    'redis.password',
    'destinations[0].auth.password',
    'destinations[1].headers',
    'destinations[1].hmacSecret',
  ];
  const sinkRedacted = ['elasticsearch.auth.password', 'remoteWrite.auth.bearerToken', 'state.redis.password'];
  return [
    {
      label: 'collector-logs',
      service: 'collector-logs',
      config: {
        kafka: kafka('collector-logs', 'scram-sha-512'),
        topicPrefix,
        nodeName: 'secrets-it',
        discovery: { root: join(certs.dir, 'pods') },
        checkpoint: { dir: join(certs.dir, 'checkpoints') },
        telemetry,
      },
      env: kafkaEnv,
      redacted: [],
    },
    {
      label: 'collector-metrics',
      service: 'collector-metrics',
      config: {
        kafka: kafka('collector-metrics', 'plain'),
        topicPrefix,
        nodeName: 'secrets-it',
        scrape: { interval: '1s', timeout: '800ms' },
        targets: {
          static: [
            {
              job: 'node',
              targets: ['127.0.0.1:9100'],
              basicAuth: { username: USERS.scrape, password: '${env:SCRAPE_PASSWORD}' },
            },
          ],
        },
        telemetry,
      },
      env: { SCRAPE_PASSWORD: SECRETS.scrape },
      redacted: ['targets.static[0].basicAuth.password'],
    },
    {
      label: 'processor',
      service: 'processor',
      config: {
        kafka: kafka('processor', 'scram-sha-512'),
        topicPrefix,
        state: { redis: { url: redis.url, password: fileRef('processor-redis', SECRETS.redis), tls } },
        telemetry,
      },
      env: kafkaEnv,
      redacted: ['state.redis.password'],
    },
    {
      label: 'sink',
      service: 'sink',
      config: sinkBase('sink', fileRef('es', SECRETS.es), '${env:REDIS_PASSWORD}'),
      env: { ...sinkEnv, REDIS_PASSWORD: SECRETS.redis },
      redacted: sinkRedacted,
    },
    {
      label: 'sink with wrong credentials',
      service: 'sink',
      config: sinkBase('sink-wrong', '${env:ES_PASSWORD}', fileRef('sink-redis-wrong', SECRETS.redisWrong)),
      env: { ...sinkEnv, ES_PASSWORD: SECRETS.esWrong },
      redacted: sinkRedacted,
    },
    {
      label: 'alerter',
      service: 'alerter',
      config: alerterBase('alerter', fileRef('alerter-redis', SECRETS.redis)),
      env: { ...kafkaEnv, ...alerterEnv },
      redacted: alerterRedacted,
    },
    {
      label: 'alerter with wrong Redis password',
      service: 'alerter',
      config: alerterBase('alerter-wrong', '${env:REDIS_PASSWORD}'),
      env: { ...kafkaEnv, ...alerterEnv, REDIS_PASSWORD: SECRETS.redisWrong },
      redacted: alerterRedacted,
    },
  ];
}

/** The config object of the service's "starting" log line. */
function loggedConfig(output: string): Record<string, unknown> | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; config?: Record<string, unknown> };
    if (entry.msg === 'starting') return entry.config;
  }
  return undefined;
}

/** The port of the telemetry server, from its log line. */
function telemetryPort(output: string): number {
  const line = output.split('\n').find((l) => l.includes('"msg":"telemetry server listening"'));
  return (JSON.parse(line ?? '{}') as { port?: number }).port ?? 0;
}

function at(value: unknown, path: string): unknown {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

beforeAll(async () => {
  buildServices(['collector-logs', 'collector-metrics', 'processor', 'sink', 'alerter']);
  certs = await createTestCertificates('daytwo-secrets');
  mkdirSync(join(certs.dir, 'secrets'));
  mkdirSync(join(certs.dir, 'pods'));
  writeFileSync(join(certs.dir, 'secrets', 'kafka-plain'), `${SECRETS.kafkaPlain}\n`);
  redis = await startSecureRedis(certs, SECRETS.redis);
  es = esClient();
  const serverTls = { cert: certs.cert, key: certs.key };
  esProxy = await TlsAuthProxy.start({
    ...serverTls,
    target: testEnv.elasticsearchUrl,
    accept: { basic: { username: USERS.es, password: SECRETS.es } },
  });
  promProxy = await TlsAuthProxy.start({
    ...serverTls,
    target: testEnv.prometheusUrl,
    accept: { bearer: SECRETS.remoteWrite },
  });
  amProxy = await TlsAuthProxy.start({
    ...serverTls,
    target: testEnv.alertmanagerUrl,
    accept: { basic: { username: USERS.alertmanager, password: SECRETS.alertmanager } },
  });
}, 600_000);

afterAll(async () => {
  await Promise.all(runs.map((r) => r.process?.stop() ?? Promise.resolve()));
  await Promise.all([esProxy?.close(), promProxy?.close(), amProxy?.close()]);
  for (const name of [`${esPrefix}-logs`, `${esPrefix}-deadletter-logs`]) {
    await es?.indices.deleteIndexTemplate({ name }, { ignore: [404] });
  }
  await es?.close();
  await redis?.stop();
  certs?.cleanup();
});

describe('secrets from ${file:} and ${env:} never appear in what the services print', () => {
  it('runs every service with distinctive secrets; no secret in stdout/stderr, the logged config masks them', async () => {
    runs.push(...serviceRuns());
    for (const run of runs) {
      const file = join(certs.dir, `${run.label.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, JSON.stringify(run.config));
      run.process = startServiceProcess(run.service, file, run.env);
    }
    const outputs = () => runs.map((r) => `--- ${r.label}\n${r.process!.output.slice(-3000)}`).join('\n');
    const sinkWrong = runs.find((r) => r.label === 'sink with wrong credentials')!.process!;
    // Every service has started (or given up), and the sinks have talked to Elasticsearch through the proxy.
    await waitUntil(
      'all services started, the sinks at Elasticsearch',
      () =>
        runs.every((r) => loggedConfig(r.process!.output) !== undefined || !r.process!.running) &&
        esProxy.forwarded().length > 0 &&
        !sinkWrong.running,
      { timeoutMs: 120_000, intervalMs: 500, details: outputs },
    );
    // A few more seconds of retries, reconnects and scrapes: their error logs are where secrets tend to leak.
    await sleep(5_000);
    // The sink's Redis (rediss:// with a password) is connected: its readiness check says so.
    const sink = runs.find((r) => r.label === 'sink')!.process!;
    const readiness = await fetch(`http://127.0.0.1:${telemetryPort(sink.output)}/readyz`);
    const { checks } = (await readiness.json()) as { checks: Record<string, string> };
    await Promise.all(runs.map((r) => r.process!.stop()));
    expect(checks['redis-remote-write-state']).toBe('ok');

    for (const run of runs) {
      const output = run.process!.output;
      const leaked = LEAK_FORMS.filter((form) => output.includes(form));
      expect({ service: run.label, leaked }).toEqual({ service: run.label, leaked: [] });
      const config = loggedConfig(output);
      expect({ service: run.label, logged: config !== undefined }).toEqual({ service: run.label, logged: true });
      for (const path of run.redacted) {
        expect({ service: run.label, path, value: at(config, path) }).toEqual({
          service: run.label,
          path,
          value: '[REDACTED]',
        });
      }
    }
    expect(sinkWrong.output).toContain('elasticsearch authentication failed (401)');
    expect(esProxy.forwarded().length).toBeGreaterThan(0);
  });

  it('a config error about a key holding a secret names the key, not the value', async () => {
    const file = join(certs.dir, 'alerter-invalid.json');
    writeFileSync(
      file,
      JSON.stringify({
        kafka: { brokers: testEnv.kafkaBrokers },
        cluster: 'secrets-it',
        destinations: [{ name: 'hook', type: 'webhook', url: '${env:HOOK_URL}' }],
      }),
    );
    const alerter = startServiceProcess('alerter', file, { HOOK_URL: SECRETS.notAUrl });
    const code = await alerter.exited;
    expect(code).toBe(2);
    expect(alerter.output).toContain('destinations[0].url');
    expect(LEAK_FORMS.filter((form) => alerter.output.includes(form))).toEqual([]);
  });
});
