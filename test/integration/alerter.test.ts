import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnomalyEvent, type TopicNames } from '@daytwo/core';
import { deliveryQueueName, type Alert, type AlerterConfigInput } from '@daytwo/alerter';
import { Queue } from 'bullmq';
import {
  cleanupRedis,
  metricValue,
  publishEvents,
  startAlerterForTest,
  type RunningAlerter,
} from '../../services/alerter/src/test-support/alerter-harness';
import { logEvent, metricEvent } from '../../services/alerter/src/test-support/events';
import { TestReceiver } from '../../services/alerter/src/test-support/receiver';
import { testEnv } from '../support/env';
import { FAST_CONSUMER, KafkaTestScope } from '../support/kafka';
import { redisClient } from '../support/redis';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';

jest.setTimeout(240_000);

const HMAC_SECRET = 'it-hmac-secret';
const DESTINATIONS = ['hook', 'slack', 'am'];
const scope = new KafkaTestScope();
const prefix = uniqueName('alerter');
const namespace = uniqueName('shop').replace(/_/g, '-');
const groupId = scope.groupId();
const secretDir = mkdtempSync(join(tmpdir(), 'alerter-secret-'));
let receiver: TestReceiver;
let topics: TopicNames;
let alerter: RunningAlerter | undefined;

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string };
}

async function alertmanagerAlerts(): Promise<AmAlert[]> {
  const filter = encodeURIComponent(`namespace="${namespace}"`);
  const res = await fetch(`${testEnv.alertmanagerUrl}/api/v2/alerts?filter=${filter}`);
  if (!res.ok) throw new Error(`alertmanager answered ${res.status}`);
  return (await res.json()) as AmAlert[];
}

function config(): AlerterConfigInput {
  const secretFile = join(secretDir, 'hmac');
  writeFileSync(secretFile, `${HMAC_SECRET}\n`);
  return {
    kafka: { brokers: testEnv.kafkaBrokers, clientId: 'alerter-it' },
    topicPrefix: topics.anomalies.replace(/\.daytwo\.anomalies$/, ''),
    consumer: { ...FAST_CONSUMER, groupId },
    redis: { url: testEnv.redisUrl, prefix },
    cluster: 'it-cluster',
    grouping: { windowSeconds: 2, resolveTimeoutSeconds: 600, sweepIntervalMs: 200 },
    links: { kibanaUrl: 'http://kibana.test', prometheusUrl: 'http://prometheus.test:9090' },
    destinations: [
      {
        name: 'hook',
        type: 'webhook',
        url: receiver.url('/hook'),
        headers: { 'X-Team': 'it' },
        hmacSecret: `\${file:${secretFile}}`,
      },
      { name: 'slack', type: 'slack', url: receiver.url('/slack') },
      { name: 'am', type: 'alertmanager', url: testEnv.alertmanagerUrl },
    ],
    telemetry: { logLevel: 'warn', metrics: { host: '127.0.0.1', port: 0 } },
  };
}

const labels = { namespace, pod: 'checkout-7d9f8b6c5d-x2x4q', quantile: '0.99' };
const metric = (id: string, over: Partial<AnomalyEvent> = {}) =>
  metricEvent(id, { series: { name: 'http_request_duration_seconds', labels }, ...over });
const log = (id: string, over: Partial<AnomalyEvent> = {}) =>
  logEvent(id, { workload: { namespace, kind: 'Deployment', name: 'checkout' }, ...over });
const firing = [metric(`${prefix}-m1`), log(`${prefix}-l1`)];

beforeAll(async () => {
  receiver = await TestReceiver.start();
  topics = await scope.topics();
  alerter = await startAlerterForTest(config());
});

afterAll(async () => {
  await alerter?.stop();
  await receiver.close();
  await scope.cleanup();
  await cleanupRedis(testEnv.redisUrl, prefix, DESTINATIONS);
  rmSync(secretDir, { recursive: true, force: true });
});

describe('alerter on the real Kafka, Redis and Alertmanager', () => {
  let alert: Alert;

  it('groups a metric and a log anomaly of one workload into one alert, delivered to every destination', async () => {
    await publishEvents(scope.kafka, topics.anomalies, firing);
    await waitFor(async () => ((await alertmanagerAlerts()).length > 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the alert in Alertmanager',
    });
    await waitFor(
      () => Promise.resolve(receiver.to('/hook').length && receiver.to('/slack').length ? true : undefined),
      {
        what: 'webhook and Slack deliveries',
      },
    );

    const [hook, ...moreHooks] = receiver.to('/hook');
    expect(moreHooks).toEqual([]);
    alert = JSON.parse(hook!.body) as Alert;
    expect(alert).toMatchObject({
      version: 1,
      status: 'firing',
      cluster: 'it-cluster',
      workload: { namespace, kind: 'Deployment', name: 'checkout' },
      pods: ['checkout-7d9f8b6c5d-x2x4q'],
      detectors: ['log-template-burst', 'metric-rank-ensemble'],
      score: 0.95,
      severity: 'critical',
      templates: [expect.objectContaining({ text: 'connection refused to <*>', example: expect.any(String) })],
      events: 2,
    });
    expect(alert.signals.map((s) => s.source).sort()).toEqual(['log', 'metric']);
    expect(decodeURIComponent(alert.links.kibana!)).toContain(`kubernetes.namespace:"${namespace}"`);
    expect(alert.links.prometheus).toMatch(/^http:\/\/prometheus\.test:9090\/graph\?g0\.expr=http_request_duration/);
    expect(hook!.headers['x-daytwo-signature']).toBe(
      `sha256=${createHmac('sha256', HMAC_SECRET).update(hook!.body).digest('hex')}`,
    );
    expect(hook!.headers['x-team']).toBe('it');

    const [slack, ...moreSlack] = receiver.to('/slack');
    expect(moreSlack).toEqual([]);
    const message = JSON.parse(slack!.body) as { text: string; blocks: Array<{ type: string }> };
    expect(message.text).toBe(`[FIRING] ${alert.title}: ${alert.summary}`);
    expect(message.blocks.length).toBeGreaterThan(2);

    const [am, ...moreAm] = await alertmanagerAlerts();
    expect(moreAm).toEqual([]);
    expect(am!.labels).toEqual({
      alertname: 'DaytwoAnomaly',
      cluster: 'it-cluster',
      namespace,
      workload: 'checkout',
      workload_kind: 'Deployment',
      severity: 'critical',
      daytwo_fingerprint: alert.fingerprint,
    });
    expect(am!.annotations).toMatchObject({
      summary: `${alert.title}: ${alert.summary}`,
      kibana_url: alert.links.kibana,
      prometheus_url: alert.links.prometheus,
    });
    expect(am!.status.state).toBe('active');
    expect(await metricValue(alerter!.ctx, 'daytwo_alerter_alerts_created_total')).toBe(1);
    // Counted once the receiver's answer is in, which is after it recorded the request.
    await waitFor(
      async () =>
        (await metricValue(alerter!.ctx, 'daytwo_alerter_deliveries_total', { outcome: 'ok' })) === 3
          ? true
          : undefined,
      { what: 'three successful deliveries counted' },
    );
    const depth = await alerter!.ctx.registry.getSingleMetricAsString('daytwo_alerter_queue_jobs');
    expect(depth).toContain('daytwo_alerter_queue_jobs{destination="am",state="waiting",service="alerter"} 0');
    const ready = await fetch(`${alerter!.ctx.telemetry.url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { redis: 'ok', kafka: 'ok' } });
  });

  it('does not alert again for the same incident after a restart', async () => {
    expect(await alerter!.stop()).toBe(0);
    alerter = await startAlerterForTest(config());
    const again = [...firing, metric(`${prefix}-m2`, { pod: 'checkout-7d9f8b6c5d-b5c6d' })];
    await publishEvents(scope.kafka, topics.anomalies, again);

    const { ctx } = alerter;
    await waitFor(
      async () => {
        const events = (outcome: string) => metricValue(ctx, 'daytwo_alerter_events_total', { outcome });
        return (await events('duplicate')) + (await events('deduplicated')) >= 3 ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'the restarted alerter to consume the repeated events' },
    );
    // A new alert would be queued when the grouping window closes: wait past it, then look.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(receiver.to('/hook')).toHaveLength(1);
    expect(receiver.to('/slack')).toHaveLength(1);
    const redis = redisClient();
    const queue = new Queue(deliveryQueueName('hook'), { connection: redis, prefix });
    try {
      expect(await queue.getJobCounts('completed', 'waiting', 'delayed', 'failed')).toEqual({
        completed: 1,
        waiting: 0,
        delayed: 0,
        failed: 0,
      });
    } finally {
      await queue.close();
      redis.disconnect();
    }
    expect(await metricValue(ctx, 'daytwo_alerter_alerts_created_total')).toBe(0);
  });

  it('sends the resolution when every signal of the incident resolved', async () => {
    await publishEvents(scope.kafka, topics.anomalies, [
      metric(`${prefix}-m3`, { status: 'resolved', score: 0 }),
      log(`${prefix}-l1`, { status: 'resolved', reason: 'back to normal' }),
    ]);
    await waitFor(() => Promise.resolve(receiver.to('/hook').length >= 2 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the resolved webhook delivery',
    });
    const resolved = JSON.parse(receiver.to('/hook')[1]!.body) as Alert;
    expect(resolved).toMatchObject({ fingerprint: alert.fingerprint, version: 2, status: 'resolved' });
    expect(resolved.endsAt).toEqual(expect.any(String));
    await waitFor(async () => ((await alertmanagerAlerts()).length === 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'Alertmanager to drop the resolved alert from the active ones',
    });
  });

  it('dead-letters an invalid anomaly event and goes on', async () => {
    const invalid = { ...metric(`${prefix}-bad`), score: 7 };
    await publishEvents(scope.kafka, topics.anomalies, [invalid]);
    const [message] = await scope.readMessages(topics.deadLetter, 1, 60_000);
    const entry = JSON.parse(message!.value!.toString()) as Record<string, unknown>;
    expect(entry).toMatchObject({ reason: 'record_invalid', stage: 'alerter', record_id: `${prefix}-bad` });
    expect(entry['error']).toContain('score');
    expect(await metricValue(alerter!.ctx, 'daytwo_alerter_dead_letter_total', { reason: 'record_invalid' })).toBe(1);
  });
});
