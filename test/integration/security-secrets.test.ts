import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { esClient } from '../support/elasticsearch';
import { testEnv } from '../support/env';
import { createTestCertificates, type TestCertificates } from '../support/tls';
import { TlsAuthProxy } from '../support/tls-proxy';
import { uniqueName } from '../support/unique';
import { startSecureRedis, type SecureRedisServer } from './security-redis-server';
import { LEAK_FORMS, SECRETS, serviceRuns, USERS, type ServiceRun } from './security-secrets-runs';
import { buildServices, sleep, startServiceProcess, waitUntil } from './security-support';

// Builds the five services, then runs seven processes side by side for a few seconds.
jest.setTimeout(600_000);

let certs: TestCertificates;
let redis: SecureRedisServer;
let es: Client;
let esProxy: TlsAuthProxy;
let promProxy: TlsAuthProxy;
let amProxy: TlsAuthProxy;
const esPrefix = uniqueName('dtsecrets');
const runs: ServiceRun[] = [];

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
    runs.push(
      ...serviceRuns({
        dir: certs.dir,
        caFile: certs.caFile,
        redisUrl: redis.url,
        esUrl: esProxy.url,
        prometheusUrl: promProxy.url,
        alertmanagerUrl: amProxy.url,
        esPrefix,
      }),
    );
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
