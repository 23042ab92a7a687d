import { deleteTopics } from '@daytwo/core';
import { testEnv } from '../support/env';
import { E2E_CONSUMER, PipelineHarness } from '../support/pipeline-harness';
import { buildDist, type ServiceExit } from '../support/service-process';
import { waitFor } from '../support/wait-for';

/**
 * The alerter as a child process whose anomaly topic is deleted while it runs: its consumer gives up for good
 * (kafkajs would restart it for ever), and the process exits 1 after its shutdown steps, naming the topic, so that
 * Kubernetes restarts it and shows the failure.
 */
const h = new PipelineHarness('alertfatal');

function alerterConfig(): object {
  return {
    ...h.common('alerter-fatal-it'),
    consumer: { ...E2E_CONSUMER, groupId: h.groupId('alerter') },
    // The harness deletes the Redis keys under its prefix: the alerter's are `<prefix>:...`.
    redis: { url: testEnv.redisUrl, prefix: h.id },
    cluster: 'it-cluster',
    links: {},
    // Nothing is delivered: no anomaly reaches the alerter.
    destinations: [{ name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/alerts' }],
  };
}

beforeAll(async () => {
  const build = await buildDist();
  if (!build.ok) console.log(`[alerter fatal exit] tsc -b reported errors; using the dist as built`);
  await h.createTopics(1);
}, 600_000);

afterAll(() => h.cleanup(), 60_000);

it('exits 1 with the reason logged when its anomaly topic is deleted while it runs', async () => {
  const alerter = await h.start('alerter', alerterConfig());
  const deletedAt = Date.now();
  await deleteTopics(h.kafka, [h.topics.anomalies]);

  const exit = await waitFor<ServiceExit>(() => Promise.resolve(alerter.exits[0]), {
    what: 'the alerter to exit',
    timeoutMs: 60_000,
  });
  console.log(`[alerter fatal exit] exited ${Date.now() - deletedAt} ms after the topic was deleted`);
  expect(exit).toEqual({ code: 1, signal: null });

  const entries = await waitFor(
    () => {
      const all = alerter.logEntries();
      return Promise.resolve(all.some((e) => e.msg === 'shutdown complete') ? all : undefined);
    },
    { what: 'the shutdown log lines', timeoutMs: 5_000 },
  );
  const fatal = entries.find((e) => e.level === 'fatal');
  expect(fatal).toMatchObject({
    msg: 'kafka consumer gave up',
    err: { message: expect.stringContaining(`subscribed topic ${h.topics.anomalies} no longer exists`) },
  });
  // The shutdown steps ran (intake, sweeper, queues, Redis closed), yet the exit code says failure.
  expect(entries).toContainEqual(expect.objectContaining({ msg: 'shutting down', reason: 'kafka consumer gave up' }));
  expect(entries).toContainEqual(expect.objectContaining({ msg: 'shutdown complete', failed: false }));
});
