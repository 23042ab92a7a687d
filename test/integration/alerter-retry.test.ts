import { type TopicNames } from '@daytwo/core';
import { listFailedDeliveries, retryDeliveries, type AlerterConfigInput } from '@daytwo/alerter';
import {
  cleanupRedis,
  metricValue,
  publishEvents,
  startAlerterForTest,
  type RunningAlerter,
} from '../../services/alerter/src/test-support/alerter-harness';
import { metricEvent } from '../../services/alerter/src/test-support/events';
import { TestReceiver } from '../../services/alerter/src/test-support/receiver';
import { testEnv } from '../support/env';
import { FAST_CONSUMER, KafkaTestScope } from '../support/kafka';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

const scope = new KafkaTestScope();
const prefix = uniqueName('alerter');
const DESTINATIONS = ['outage', 'reject'];
const queueOptions = { redis: { url: testEnv.redisUrl, prefix }, destinations: DESTINATIONS };
let receiver: TestReceiver;
let topics: TopicNames;
let alerter: RunningAlerter | undefined;

function config(): AlerterConfigInput {
  const retry = { attempts: 6, backoffMs: 200, maxBackoffMs: 1_000 };
  return {
    kafka: { brokers: testEnv.kafkaBrokers, clientId: 'alerter-retry-it' },
    topicPrefix: topics.anomalies.replace(/\.daytwo\.anomalies$/, ''),
    consumer: { ...FAST_CONSUMER, groupId: scope.groupId() },
    redis: { url: testEnv.redisUrl, prefix },
    cluster: 'it-cluster',
    grouping: { windowSeconds: 1, resolveTimeoutSeconds: 600, sweepIntervalMs: 200 },
    destinations: [
      { name: 'outage', type: 'webhook', url: receiver.url('/outage'), retry },
      { name: 'reject', type: 'webhook', url: receiver.url('/reject'), retry },
    ],
    telemetry: { logLevel: 'fatal', metrics: { host: '127.0.0.1', port: 0 } },
  };
}

beforeAll(async () => {
  receiver = await TestReceiver.start();
  receiver.script('/outage', [
    { status: 503, body: 'down for maintenance' },
    { status: 503, body: 'still down' },
    { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' },
  ]);
  receiver.fallback('/reject', { status: 400, body: 'bad payload: field "x" is required' });
  topics = await scope.topics();
  alerter = await startAlerterForTest(config());
  const ns = uniqueName('retry').replace(/_/g, '-');
  await publishEvents(scope.kafka, topics.anomalies, [
    metricEvent(`${prefix}-m1`, { series: { name: 'errors_total', labels: { namespace: ns, deployment: 'api' } } }),
  ]);
});

afterAll(async () => {
  await alerter?.stop();
  await receiver.close();
  await scope.cleanup();
  await cleanupRedis(testEnv.redisUrl, prefix, DESTINATIONS);
});

describe('alerter delivery retries', () => {
  it('retries through a receiver outage, honours Retry-After and delivers once', async () => {
    await waitFor(() => Promise.resolve(receiver.to('/outage').some((r) => r.status === 200) ? true : undefined), {
      timeoutMs: 90_000,
      what: 'delivery after the outage',
    });
    const outage = receiver.to('/outage');
    expect(outage.map((r) => r.status)).toEqual([503, 503, 429, 200]);
    // Retry-After: 1 is a lower bound on the wait, however loaded the machine is.
    expect(outage[3]!.at - outage[2]!.at).toBeGreaterThanOrEqual(1_000);
    expect(new Set(outage.map((r) => r.headers['x-daytwo-delivery'])).size).toBe(1);
    const { ctx } = alerter!;
    expect(
      await metricValue(ctx, 'daytwo_alerter_deliveries_total', { destination: 'outage', outcome: 'retried' }),
    ).toBe(3);
    const ok = () => metricValue(ctx, 'daytwo_alerter_deliveries_total', { destination: 'outage', outcome: 'ok' });
    // Counted once the answer is in, which is after the receiver recorded the request.
    await waitFor(async () => ((await ok()) === 1 ? true : undefined), { what: 'the delivery counted' });
  });

  it('fails a 400 at once, keeps it inspectable, and delivers it when retried after the fix', async () => {
    const [failed, ...others] = await waitFor(
      async () => {
        const list = await listFailedDeliveries(queueOptions);
        return list.length > 0 ? list : undefined;
      },
      { timeoutMs: 60_000, what: 'the rejected delivery among the failed ones' },
    );
    expect(others).toEqual([]);
    expect(failed).toMatchObject({
      destination: 'reject',
      version: 1,
      alertStatus: 'firing',
      attemptsMade: 1,
      failedReason: 'reject answered HTTP 400: bad payload: field "x" is required',
      response: { status: 400, body: 'bad payload: field "x" is required' },
    });
    expect(receiver.to('/reject')).toHaveLength(1);
    expect(
      await metricValue(alerter!.ctx, 'daytwo_alerter_deliveries_total', { destination: 'reject', outcome: 'failed' }),
    ).toBe(1);

    receiver.fallback('/reject', { status: 202 });
    expect(await retryDeliveries(queueOptions, [failed!.id, 'f00.reject.v1'])).toEqual({
      retried: [failed!.id],
      notFound: ['f00.reject.v1'],
      notFailed: [],
    });
    await waitFor(() => Promise.resolve(receiver.to('/reject').some((r) => r.status === 202) ? true : undefined), {
      what: 'the retried delivery',
    });
    expect(receiver.to('/reject').map((r) => r.status)).toEqual([400, 202]);
    await waitFor(async () => ((await listFailedDeliveries(queueOptions)).length === 0 ? true : undefined), {
      what: 'no failed deliveries left',
    });
    expect(await retryDeliveries(queueOptions, 'all')).toEqual({ retried: [], notFound: [], notFailed: [] });
  });
});
