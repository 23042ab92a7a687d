import { type TopicNames } from '@daytwo/core';
import type { Alert, AlerterConfigInput } from '@daytwo/alerter';
import {
  cleanupRedis,
  metricValue,
  publishEvents,
  startAlerterForTest,
  type RunningAlerter,
} from '../../services/alerter/src/test-support/alerter-harness';
import { metricEvent } from '../../services/alerter/src/test-support/events';
import { TestReceiver } from '../../services/alerter/src/test-support/receiver';
import { RedisServerProcess } from '../../services/alerter/src/test-support/redis-server';
import { testEnv } from '../support/env';
import { FAST_CONSUMER, KafkaTestScope } from '../support/kafka';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

const scope = new KafkaTestScope();
const prefix = uniqueName('alerter');
const namespace = uniqueName('restart').replace(/_/g, '-');
let redis: RedisServerProcess;
let receiver: TestReceiver;
let topics: TopicNames;
let alerter: RunningAlerter | undefined;

function config(): AlerterConfigInput {
  return {
    kafka: { brokers: testEnv.kafkaBrokers, clientId: 'alerter-redis-it' },
    topicPrefix: topics.anomalies.replace(/\.daytwo\.anomalies$/, ''),
    consumer: { ...FAST_CONSUMER, groupId: scope.groupId() },
    redis: { url: redis.url, prefix },
    cluster: 'it-cluster',
    grouping: { windowSeconds: 1, resolveTimeoutSeconds: 600, sweepIntervalMs: 200 },
    destinations: [
      {
        name: 'hook',
        type: 'webhook',
        url: receiver.url('/hook'),
        retry: { attempts: 30, backoffMs: 500, maxBackoffMs: 1_000 },
      },
    ],
    telemetry: { logLevel: 'fatal', metrics: { host: '127.0.0.1', port: 0 } },
  };
}

const event = (id: string, workload: string) =>
  metricEvent(`${prefix}-${id}`, {
    pod: undefined,
    series: { name: 'errors_total', labels: { namespace, deployment: workload } },
  });

/** Fingerprint → number of 200 answers the receiver gave for it. */
function delivered(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of receiver.to('/hook').filter((r) => r.status === 200)) {
    const { fingerprint } = JSON.parse(r.body) as Alert;
    counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + 1);
  }
  return counts;
}

beforeAll(async () => {
  redis = await RedisServerProcess.start();
  receiver = await TestReceiver.start();
  topics = await scope.topics();
  alerter = await startAlerterForTest(config());
});

afterAll(async () => {
  await alerter?.stop();
  await receiver.close();
  await scope.cleanup();
  await cleanupRedis(redis.url, prefix, ['hook']).catch(() => undefined);
  await redis.stop();
});

describe('alerter across a Redis restart', () => {
  it('loses no alert: a queued delivery and an event that arrived while Redis was down are delivered once each', async () => {
    receiver.fallback('/hook', { status: 503, body: 'receiver down' });
    await publishEvents(scope.kafka, topics.anomalies, [event('a', 'api')]);
    await waitFor(() => Promise.resolve(receiver.to('/hook').length > 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the first (refused) delivery attempt',
    });

    // The job now waits for its retry in Redis; Redis goes away with it (SHUTDOWN fsyncs the append-only file).
    await redis.shutdown();
    receiver.fallback('/hook', { status: 200 });
    await publishEvents(scope.kafka, topics.anomalies, [event('b', 'worker')]);
    const { ctx } = alerter!;
    await waitFor(async () => ((await metricValue(ctx, 'daytwo_kafka_handler_errors_total')) > 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the intake to fail on the missing Redis',
    });

    await redis.restart();
    await waitFor(() => Promise.resolve(delivered().size === 2 ? true : undefined), {
      timeoutMs: 90_000,
      what: 'both alerts delivered after Redis came back',
    });
    // A duplicate would come from a retried job or a replayed Kafka batch; give both a chance to show up.
    await new Promise((r) => setTimeout(r, 3_000));
    expect([...delivered().values()]).toEqual([1, 1]);
    const workloads = receiver
      .to('/hook')
      .filter((r) => r.status === 200)
      .map((r) => (JSON.parse(r.body) as Alert).workload.name)
      .sort();
    expect(workloads).toEqual(['api', 'worker']);
  });
});
