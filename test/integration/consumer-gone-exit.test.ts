import { deleteTopics } from '@daytwo/core';
import { testEnv } from '../support/env';
import { E2E_CONSUMER, PipelineHarness } from '../support/pipeline-harness';
import { buildDist, type ServiceExit, type ServiceName } from '../support/service-process';
import { waitFor } from '../support/wait-for';

/**
 * The processor and the alerter as child processes whose input topic is deleted while they run: the consumer gives
 * up for good (kafkajs alone would restart it for ever), and the process exits 1 after its shutdown steps, with the
 * reason logged, so that Kubernetes restarts it and shows the failure.
 */
const h = new PipelineHarness('consumergone');

const CASES: Array<{
  service: ServiceName;
  config: () => object;
  topic: () => string;
  /** The service's own log line and shutdown reason. */
  fatal: Record<string, unknown>;
  reason: string;
}> = [
  {
    service: 'processor',
    config: () => ({
      ...h.common('consumer-gone-processor'),
      pipelines: {
        logs: { consumer: { ...E2E_CONSUMER, groupId: h.groupId('logs') }, processors: [{ type: 'normalize' }] },
        metrics: { consumer: { ...E2E_CONSUMER, groupId: h.groupId('metrics') }, processors: [] },
      },
      state: { redis: { url: testEnv.redisUrl, keyPrefix: h.redisKeyPrefix } },
    }),
    topic: () => h.topics.logsRaw,
    fatal: { msg: 'kafka consumer stopped for good', pipeline: 'logs' },
    reason: 'logs consumer stopped',
  },
  {
    service: 'alerter',
    config: () => ({
      ...h.common('consumer-gone-alerter'),
      consumer: { ...E2E_CONSUMER, groupId: h.groupId('alerter') },
      // The harness deletes the Redis keys under its prefix: the alerter's are `<prefix>:...`.
      redis: { url: testEnv.redisUrl, prefix: h.id },
      cluster: 'it-cluster',
      // Nothing is delivered: no anomaly reaches the alerter.
      destinations: [{ name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/alerts' }],
    }),
    topic: () => h.topics.anomalies,
    fatal: { msg: 'kafka consumer gave up' },
    reason: 'kafka consumer gave up',
  },
];

beforeAll(async () => {
  const build = await buildDist();
  if (!build.ok) console.log('[consumer gone] tsc -b reported errors; using the dist as built');
  await h.createTopics(1);
}, 600_000);

afterAll(() => h.cleanup(), 60_000);

it.each(CASES)('$service exits 1 with the reason logged when its input topic is deleted', async (c) => {
  const proc = await h.start(c.service, c.config());
  const deletedAt = Date.now();
  await deleteTopics(h.kafka, [c.topic()]);

  const exit = await waitFor<ServiceExit>(() => Promise.resolve(proc.exits[0]), {
    what: `${c.service} to exit`,
    timeoutMs: 60_000,
  });
  console.log(`[consumer gone] ${c.service} exited ${Date.now() - deletedAt} ms after its topic was deleted`);
  expect(exit).toEqual({ code: 1, signal: null });

  const entries = await waitFor(
    () => {
      const all = proc.logEntries();
      return Promise.resolve(all.some((e) => e.msg === 'shutdown complete') ? all : undefined);
    },
    { what: 'the shutdown log lines', timeoutMs: 5_000 },
  );
  expect(entries.find((e) => e.level === 'fatal')).toMatchObject({
    ...c.fatal,
    err: { message: expect.stringContaining(`subscribed topic ${c.topic()} no longer exists`) },
  });
  // The shutdown steps ran (intake stopped, connections closed), yet the exit code says failure.
  expect(entries).toContainEqual(expect.objectContaining({ msg: 'shutting down', reason: c.reason }));
  expect(entries).toContainEqual(expect.objectContaining({ msg: 'shutdown complete', failed: false }));
});
