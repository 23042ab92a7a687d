import { BatchConsumer, ConsumerStartError, DeadLetterPublisher, RecordProducer } from '@daytwo/core';
import { testEnv } from '../support/env';
import { E2E_CONSUMER, PipelineHarness } from '../support/pipeline-harness';
import { buildDist, type ServiceExit, type ServiceName } from '../support/service-process';
import { waitFor } from '../support/wait-for';

/**
 * A consumer whose settings the broker refuses (a session timeout below group.min.session.timeout.ms, 6 s by
 * default) crashes for good on its first group join. That is a failed start, not a fatal stop of a started service:
 * `BatchConsumer.start()` rejects with the reason, and the services exit 1 through runService's failed start, after
 * closing what they opened, without ever logging that they started.
 */
const h = new PipelineHarness('consumerstart');

/** Below the broker's group.min.session.timeout.ms. */
const REFUSED = { ...E2E_CONSUMER, sessionTimeoutMs: 3_000 };
const REASON = 'The session timeout is not within the range allowed by the broker';

const CASES: Array<{ service: ServiceName; config: () => object }> = [
  {
    service: 'processor',
    config: () => ({
      ...h.common('consumer-start-processor'),
      pipelines: {
        logs: { consumer: { ...REFUSED, groupId: h.groupId('logs') }, processors: [{ type: 'normalize' }] },
        metrics: { consumer: { ...E2E_CONSUMER, groupId: h.groupId('metrics') }, processors: [] },
      },
      state: { redis: { url: testEnv.redisUrl, keyPrefix: h.redisKeyPrefix } },
    }),
  },
  {
    service: 'alerter',
    config: () => ({
      ...h.common('consumer-start-alerter'),
      consumer: { ...REFUSED, groupId: h.groupId('alerter') },
      redis: { url: testEnv.redisUrl, prefix: h.id },
      cluster: 'it-cluster',
      destinations: [{ name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/alerts' }],
    }),
  },
];

beforeAll(async () => {
  const build = await buildDist();
  if (!build.ok) console.log('[consumer start] tsc -b reported errors; using the dist as built');
  await h.createTopics(1);
}, 600_000);

afterAll(() => h.cleanup(), 60_000);

it('BatchConsumer.start() rejects with the broker reason, and onFatal is not called', async () => {
  const producer = new RecordProducer(h.kafka, {});
  const fatal: Error[] = [];
  const consumer = new BatchConsumer(h.kafka, {
    topics: [h.topics.logsRaw],
    settings: { ...REFUSED, groupId: h.groupId('direct') },
    handler: () => Promise.resolve(),
    deadLetters: new DeadLetterPublisher(producer, { topic: h.topics.deadLetter, stage: 'consumer-start-it' }),
    onFatal: (err) => fatal.push(err),
  });
  try {
    const started = consumer.start();
    await expect(started).rejects.toThrow(ConsumerStartError);
    await expect(started).rejects.toThrow(REASON);
    await expect(started).rejects.toMatchObject({ cause: { type: 'INVALID_SESSION_TIMEOUT' } });
    expect(fatal).toEqual([]);
  } finally {
    await consumer.stop();
    await producer.disconnect();
  }
});

it.each(CASES)(
  '$service fails to start and exits 1 with the reason when the broker refuses its consumer',
  async (c) => {
    await h.start(c.service, c.config(), { ready: false }).catch((err: unknown) => {
      // It may exit before the harness read its telemetry port; the exit is what this test waits for.
      if (h.service(c.service).exits.length === 0) throw err;
    });
    const proc = h.service(c.service);
    const exit = await waitFor<ServiceExit>(() => Promise.resolve(proc.exits[0]), {
      what: `${c.service} to exit`,
      timeoutMs: 30_000,
    });
    expect(exit).toEqual({ code: 1, signal: null });

    const entries = proc.logEntries();
    const failed = entries.findIndex((e) => e.msg === 'service failed to start');
    expect(entries[failed]).toMatchObject({
      level: 'fatal',
      err: { type: 'ConsumerStartError', message: expect.stringContaining(REASON) },
    });
    // Never reported as started (before, "pipeline started" and "started" came after the fatal line), and the fatal
    // stop of a started service did not run either.
    const messages = entries.map((e) => String(e.msg));
    expect(messages.filter((m) => /started$/.test(m))).toEqual([]);
    expect(messages).not.toContain('shutting down');
    expect(entries.filter((e) => e.level === 'fatal')).toHaveLength(1);
    expect(messages).not.toContain('cleanup failed');
  },
);

it('the sink, which retries its setup in the background, stops and exits 1 instead of retrying for ever', async () => {
  const config = {
    ...h.common('consumer-start-sink'),
    elasticsearch: { node: testEnv.elasticsearchUrl, index: { prefix: h.indexPrefix, mode: 'daily', replicas: 0 } },
    pipelines: { logs: { consumer: { ...REFUSED, groupId: h.groupId('sink_logs') } } },
  };
  await h.start('sink', config, { ready: false }).catch((err: unknown) => {
    if (h.service('sink').exits.length === 0) throw err;
  });
  const proc = h.service('sink');
  const exit = await waitFor<ServiceExit>(() => Promise.resolve(proc.exits[0]), {
    what: 'sink to exit',
    timeoutMs: 60_000,
  });
  expect(exit).toEqual({ code: 1, signal: null });
  const entries = proc.logEntries();
  const fatal = entries.filter((e) => e.level === 'fatal');
  expect(fatal).toHaveLength(1);
  expect(JSON.stringify(fatal[0])).toContain(`kafka refused the consumer: consumer group ${h.groupId('sink_logs')}`);
  expect(JSON.stringify(fatal[0])).toContain(REASON);
  expect(entries.map((e) => String(e.msg))).not.toContain('logs pipeline not started yet; retrying');
}, 90_000);
