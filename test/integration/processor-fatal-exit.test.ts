import { deleteTopics } from '@daytwo/core';
import { testEnv } from '../support/env';
import { E2E_CONSUMER, PipelineHarness } from '../support/pipeline-harness';
import { buildDist, type ServiceExit } from '../support/service-process';
import { waitFor } from '../support/wait-for';

/**
 * The processor as a child process whose input topic is deleted while it runs: the logs consumer gives up for good
 * (kafkajs would restart it for ever), and the whole process exits 1 after its shutdown steps, naming the pipeline
 * and the topic, so that Kubernetes restarts it and shows the failure.
 */
const h = new PipelineHarness('procfatal');

function processorConfig(): object {
  return {
    ...h.common('processor-fatal-it'),
    pipelines: {
      logs: { consumer: { ...E2E_CONSUMER, groupId: h.groupId('logs') }, processors: [{ type: 'normalize' }] },
      metrics: { consumer: { ...E2E_CONSUMER, groupId: h.groupId('metrics') }, processors: [] },
    },
    state: { redis: { url: testEnv.redisUrl, keyPrefix: h.redisKeyPrefix } },
  };
}

beforeAll(async () => {
  const build = await buildDist();
  if (!build.ok) console.log(`[processor fatal exit] tsc -b reported errors; using the dist as built`);
  await h.createTopics(1);
}, 600_000);

afterAll(() => h.cleanup(), 60_000);

it('exits 1 with the reason logged when its input topic is deleted while it runs', async () => {
  const processor = await h.start('processor', processorConfig());
  const deletedAt = Date.now();
  await deleteTopics(h.kafka, [h.topics.logsRaw]);

  const exit = await waitFor<ServiceExit>(() => Promise.resolve(processor.exits[0]), {
    what: 'the processor to exit',
    timeoutMs: 60_000,
  });
  console.log(`[processor fatal exit] exited ${Date.now() - deletedAt} ms after the topic was deleted`);
  expect(exit).toEqual({ code: 1, signal: null });

  const entries = await waitFor(
    () => {
      const all = processor.logEntries();
      return Promise.resolve(all.some((e) => e.msg === 'shutdown complete') ? all : undefined);
    },
    { what: 'the shutdown log lines', timeoutMs: 5_000 },
  );
  const fatal = entries.find((e) => e.level === 'fatal');
  expect(fatal).toMatchObject({
    msg: 'kafka consumer stopped for good',
    pipeline: 'logs',
    err: { message: expect.stringContaining(`subscribed topic ${h.topics.logsRaw} no longer exists`) },
  });
  // The shutdown steps ran (the metrics pipeline and the connections were closed), yet the exit code says failure.
  expect(entries).toContainEqual(expect.objectContaining({ msg: 'shutting down', reason: 'logs consumer stopped' }));
  expect(entries).toContainEqual(expect.objectContaining({ msg: 'shutdown complete', failed: false }));
});
