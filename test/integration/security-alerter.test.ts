import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopicNames } from '@daytwo/core';
import type { AlerterConfigInput } from '@daytwo/alerter';
import {
  metricValue,
  publishEvents,
  startAlerterForTest,
  type RunningAlerter,
} from '../../services/alerter/src/test-support/alerter-harness';
import { metricEvent } from '../../services/alerter/src/test-support/events';
import { TestReceiver } from '../../services/alerter/src/test-support/receiver';
import { testEnv } from '../support/env';
import { FAST_CONSUMER, KafkaTestScope } from '../support/kafka';
import { createTestCertificates, type TestCertificates } from '../support/tls';
import { TlsAuthProxy } from '../support/tls-proxy';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';
import { startSecureRedis, type SecureRedisServer } from './security-redis-server';

jest.setTimeout(120_000);

const REDIS_PASSWORD = 'alerter-redis-pw-k3w8';
const AM_USER = 'daytwo-alerter';
const AM_PASSWORD = 'am-pw-s9d2f7g4';
const HOOK_TOKEN = 'hook-token-x5c1v8b3';
const HMAC_SECRET = 'hmac-secret-n2m6q9r4';

const scope = new KafkaTestScope();
const namespace = uniqueName('secure').replace(/_/g, '-');
let certs: TestCertificates;
let redis: SecureRedisServer;
let amProxy: TlsAuthProxy;
let hookProxy: TlsAuthProxy;
let receiver: TestReceiver;
let topics: TopicNames;
let alerter: RunningAlerter | undefined;

/** A secret file the config refers to with `${file:...}` (the test harness gives the alerter no environment). */
function secretRef(name: string, value: string): string {
  const file = join(certs.dir, name);
  writeFileSync(file, `${value}\n`);
  return `\${file:${file}}`;
}

function config(): AlerterConfigInput {
  const tls = { caFile: certs.caFile };
  const amBase = { type: 'alertmanager' as const, url: amProxy.url, tls };
  return {
    kafka: { brokers: testEnv.kafkaBrokers, clientId: 'alerter-security-it' },
    topicPrefix: topics.anomalies.replace(/\.daytwo\.anomalies$/, ''),
    consumer: { ...FAST_CONSUMER, groupId: scope.groupId() },
    redis: { url: redis.url, password: secretRef('redis-password', REDIS_PASSWORD), tls, prefix: 'security-it' },
    cluster: 'security-it',
    grouping: { windowSeconds: 1, resolveTimeoutSeconds: 600, sweepIntervalMs: 200 },
    destinations: [
      { ...amBase, name: 'am', auth: { username: AM_USER, password: secretRef('am-password', AM_PASSWORD) } },
      {
        ...amBase,
        name: 'am-wrong-password',
        auth: { username: AM_USER, password: secretRef('am-wrong', 'not-the-password') },
        retry: { attempts: 3, backoffMs: 100, maxBackoffMs: 100 },
      },
      {
        name: 'hook',
        type: 'webhook',
        url: `${hookProxy.url}/hook`,
        tls,
        headers: { Authorization: `Bearer ${secretRef('hook-token', HOOK_TOKEN)}`, 'X-Team': 'platform' },
        hmacSecret: secretRef('hmac', HMAC_SECRET),
      },
    ],
    telemetry: { logLevel: 'warn', metrics: { host: '127.0.0.1', port: 0 } },
  };
}

beforeAll(async () => {
  certs = await createTestCertificates('daytwo-alerter');
  redis = await startSecureRedis(certs, REDIS_PASSWORD);
  receiver = await TestReceiver.start();
  const serverTls = { cert: certs.cert, key: certs.key };
  amProxy = await TlsAuthProxy.start({
    ...serverTls,
    target: testEnv.alertmanagerUrl,
    accept: { basic: { username: AM_USER, password: AM_PASSWORD } },
  });
  hookProxy = await TlsAuthProxy.start({ ...serverTls, target: receiver.baseUrl, accept: { bearer: HOOK_TOKEN } });
  topics = await scope.topics();
  alerter = await startAlerterForTest(config());
});

afterAll(async () => {
  await alerter?.stop();
  await Promise.all([amProxy?.close(), hookProxy?.close(), receiver?.close()]);
  await scope.cleanup();
  await redis?.stop();
  certs?.cleanup();
});

async function alertsInAlertmanager(): Promise<{ labels: Record<string, string> }[]> {
  const filter = encodeURIComponent(`namespace="${namespace}"`);
  const res = await fetch(`${testEnv.alertmanagerUrl}/api/v2/alerts?filter=${filter}`);
  if (!res.ok) throw new Error(`alertmanager answered ${res.status}`);
  return (await res.json()) as { labels: Record<string, string> }[];
}

describe('alerter on Redis with TLS + password, delivering over TLS with basic auth, bearer headers and HMAC', () => {
  it('delivers one alert to Alertmanager (basic auth) and to the webhook (custom headers, HMAC of the body)', async () => {
    const event = metricEvent(`${namespace}-m1`, {
      series: { name: 'http_request_duration_seconds', labels: { namespace, pod: 'api-0' } },
    });
    await publishEvents(scope.kafka, topics.anomalies, [event]);

    const inAlertmanager = await waitFor(
      async () => {
        const alerts = await alertsInAlertmanager();
        return alerts.length > 0 ? alerts : undefined;
      },
      { timeoutMs: 60_000, what: 'the alert in Alertmanager through the TLS proxy' },
    );
    expect(inAlertmanager[0]!.labels).toMatchObject({ namespace, cluster: 'security-it' });
    const amPosts = amProxy.forwarded().filter((r) => r.path === '/api/v2/alerts');
    expect(amPosts.map((r) => [r.scheme, r.status])).toEqual([['Basic', 200]]);

    const [hook] = await waitFor(() =>
      Promise.resolve(receiver.to('/hook').length > 0 ? receiver.to('/hook') : undefined),
    );
    expect(hook!.headers['x-team']).toBe('platform');
    const expected = `sha256=${createHmac('sha256', HMAC_SECRET).update(hook!.body).digest('hex')}`;
    expect(hook!.headers['x-daytwo-signature']).toBe(expected);
    expect(JSON.parse(hook!.body)).toMatchObject({ status: 'firing', cluster: 'security-it' });
    expect(hookProxy.forwarded().map((r) => [r.scheme, r.headers['x-team']])).toEqual([['Bearer', 'platform']]);
    expect(hookProxy.refused()).toEqual([]);
  });

  it('a wrong Alertmanager password: refused with 401, not retried, the job kept as failed', async () => {
    const ctx = alerter!.ctx;
    await waitFor(
      async () =>
        (await metricValue(ctx, 'daytwo_alerter_deliveries_total', {
          destination: 'am-wrong-password',
          outcome: 'failed',
        })) === 1
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'the failed delivery to am-wrong-password' },
    );
    const retried = await metricValue(ctx, 'daytwo_alerter_deliveries_total', {
      destination: 'am-wrong-password',
      outcome: 'retried',
    });
    expect(retried).toBe(0);
    // The alert's one attempt, refused by the proxy before it reached Alertmanager.
    expect(amProxy.refused().map((r) => [r.path, r.scheme])).toEqual([['/api/v2/alerts', 'Basic']]);
  });
});
