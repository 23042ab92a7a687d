import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import {
  BatchConsumer,
  DeadLetterPublisher,
  ensureTopics,
  kafkaClientOptions,
  parseKafkaConnectionConfig,
  RecordProducer,
  withAdmin,
  type ConsumedRecord,
  type LogRecord,
  type PinoLikeLogger,
} from '@daytwo/core';
import { Kafka } from 'kafkajs';
import { FAST_CONSUMER } from '../support/kafka';
import { collectProcessWarnings } from '../support/process-warnings';
import { waitFor } from '../support/wait-for';
import { startPrivateKafkaBroker, type PrivateKafkaBroker } from './private-kafka-broker';

/**
 * A BatchConsumer through two outages of its broker (a private one: the shared broker is never stopped), the first a
 * controlled shutdown, the second a kill. kafkajs restarts the consumer for as long as the broker is gone; the client
 * retries briefly, so that every outage holds several restarts. Nothing may pile up per restart (listeners, process
 * warnings), and the consumer resumes where it committed: records produced before and after the outages are each
 * handled exactly once.
 */
const RESTARTS_PER_OUTAGE = 4;
const TOPIC = 'outage.logs';
const DEAD_LETTERS = 'outage.dead-letters';
const KAFKAJS_FAST = { sessionTimeout: 6_000, rebalanceTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 };

let broker: PrivateKafkaBroker;
let kafka: Kafka;

beforeAll(async () => {
  broker = await startPrivateKafkaBroker();
  const config = parseKafkaConnectionConfig({
    brokers: [broker.address],
    clientId: 'outage-it',
    connectionTimeoutMs: 1_000,
  });
  // Services keep kafkajs' retry defaults (a restart about every 10 s during an outage); short retries give the same
  // restarts sooner.
  kafka = new Kafka({ ...kafkaClientOptions(config), retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 } });
  await ensureTopics(kafka, [{ name: TOPIC }, { name: DEAD_LETTERS }]);
}, 120_000);

afterAll(() => broker?.destroy(), 30_000);

/** Counts the listeners added through `on()` of every kafkajs consumer `kafka` creates, by event, minus removed ones. */
function countConsumerListeners(client: Kafka): Map<string, number> {
  const counts = new Map<string, number>();
  const createConsumer = client.consumer.bind(client);
  client.consumer = (config) => {
    const consumer = createConsumer(config);
    const on = consumer.on.bind(consumer) as (event: string, listener: (e: unknown) => void) => () => void;
    consumer.on = ((event: string, listener: (e: unknown) => void) => {
      counts.set(event, (counts.get(event) ?? 0) + 1);
      const remove = on(event, listener);
      return () => {
        counts.set(event, (counts.get(event) ?? 0) - 1);
        remove();
      };
    }) as typeof consumer.on;
    return consumer;
  };
  return counts;
}

/** Every client socket the process opens (the diagnostics channel of net), to read their listener counts. */
function trackSockets(): { maxListeners: () => { event: string; count: number }; close: () => void } {
  const sockets = new Set<WeakRef<Socket>>();
  const onSocket = (message: unknown) => sockets.add(new WeakRef((message as { socket: Socket }).socket));
  subscribe('net.client.socket', onSocket);
  return {
    maxListeners: () => {
      let max = { event: '', count: 0 };
      for (const ref of sockets) {
        const socket = ref.deref();
        if (socket === undefined) {
          sockets.delete(ref);
          continue;
        }
        for (const event of socket.eventNames()) {
          const count = socket.listenerCount(event);
          if (count > max.count) max = { event: String(event), count };
        }
      }
      return max;
    },
    close: () => unsubscribe('net.client.socket', onSocket),
  };
}

function logRecord(id: string): LogRecord {
  return {
    schema_version: 1,
    '@timestamp': new Date().toISOString(),
    message: `outage line ${id}`,
    kubernetes: { pod: { uid: 'pod-outage' } },
    event: { id },
  };
}

it('resumes after each broker outage with nothing piling up per restart and every record handled once', async () => {
  const { warnings, stop: stopWarnings } = collectProcessWarnings();
  const sockets = trackSockets();
  const consumerListeners = countConsumerListeners(kafka);
  const producer = new RecordProducer(kafka, {});
  const handled: string[] = [];
  let restarts = 0;
  let ownRestarts = 0;
  const logger: PinoLikeLogger = {
    error: (obj, msg) => {
      if (msg === 'kafka consumer crashed' && (obj as { restart?: boolean }).restart === true) restarts++;
    },
    // kafkajs gave up (no group coordinator found while the broker went away) and BatchConsumer restarted it.
    warn: (_obj, msg) => void (msg === 'restarting the kafka consumer' && ownRestarts++),
    info: () => undefined,
    debug: () => undefined,
  };
  let fatal: Error | undefined;
  const consumer = new BatchConsumer(kafka, {
    topics: [TOPIC],
    settings: { ...FAST_CONSUMER, groupId: 'outage-it' },
    handler: (batch) => {
      handled.push(...batch.records.map((r: ConsumedRecord) => String(r.id)));
      return Promise.resolve();
    },
    deadLetters: new DeadLetterPublisher(producer, { topic: DEAD_LETTERS, stage: 'outage-it' }),
    logger,
    onFatal: (err) => (fatal = err),
  });
  const publish = (ids: string[]) => producer.publishRecords(TOPIC, 'log', 'pod-outage', ids.map(logRecord));
  const handledAll = (ids: string[], what: string) =>
    waitFor(() => Promise.resolve(ids.every((id) => handled.includes(id)) ? true : undefined), {
      what,
      timeoutMs: 30_000,
      intervalMs: 100,
    });

  try {
    await consumer.start();
    const expected = ['before-1', 'before-2', 'before-3'];
    await publish(expected);
    await handledAll(expected, 'the records produced before the outages');
    const listenersAtStart = Object.fromEntries(consumerListeners);

    for (const [outage, signal] of [
      [1, 'SIGTERM'],
      [2, 'SIGKILL'],
    ] as const) {
      const restartsBefore = restarts;
      const stoppedAt = Date.now();
      await broker.stop(signal);
      await waitFor(() => Promise.resolve(restarts - restartsBefore >= RESTARTS_PER_OUTAGE ? true : undefined), {
        what: `${RESTARTS_PER_OUTAGE} consumer restarts while the broker is down`,
        timeoutMs: 30_000,
      });
      const downMs = Date.now() - stoppedAt;
      await broker.start();
      const startedAt = Date.now();
      const ids = [1, 2, 3].map((i) => `after-${outage}-${i}`);
      await publish(ids);
      expected.push(...ids);
      await handledAll(ids, `the records produced after outage ${outage}`);
      console.log(
        `[broker outage] ${signal}: down ${downMs} ms, ${restarts - restartsBefore} restarts so far (${ownRestarts} ` +
          `by BatchConsumer in all); records handled ${Date.now() - startedAt} ms after the broker started; socket ` +
          `listeners at most ${JSON.stringify(sockets.maxListeners())}; consumer listeners ` +
          JSON.stringify(Object.fromEntries(consumerListeners)),
      );
      expect(Object.fromEntries(consumerListeners)).toEqual(listenersAtStart);
    }

    expect(fatal).toBeUndefined();
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    // kafkajs disconnects every connection on each restart; a connection it does not reconnect must not collect one
    // listener per disconnect (Node's unref() of a closed socket waits for a 'connect' that never comes).
    expect(sockets.maxListeners().count).toBeLessThanOrEqual(2);
    // Exactly once: nothing committed before an outage comes again, nothing produced after one is missed.
    expect([...handled].sort()).toEqual([...expected].sort());
    const committed = await withAdmin(kafka, (admin) => admin.fetchOffsets({ groupId: 'outage-it', topics: [TOPIC] }));
    const end = await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(TOPIC));
    expect(committed[0]!.partitions[0]!.offset).toBe(end[0]!.high);
  } finally {
    stopWarnings();
    sockets.close();
    await broker.start();
    await consumer.stop();
    await producer.disconnect();
  }
}, 90_000);

it('a kafkajs consumer restarting against a reachable broker collects no listeners on its closed sockets', async () => {
  // kafkajs restarts a consumer whose topic is gone every 300 ms for ever (BatchConsumer gives up instead): each
  // restart disconnects every connection, also the fetch connection it will not reconnect.
  const topic = 'outage.restart-loop';
  await ensureTopics(kafka, [{ name: topic }]);
  const { warnings, stop: stopWarnings } = collectProcessWarnings();
  const sockets = trackSockets();
  const producer = new RecordProducer(kafka, {});
  const consumer = kafka.consumer({ groupId: 'outage-it-loop', ...KAFKAJS_FAST });
  let restarts = 0;
  consumer.on(consumer.events.CRASH, ({ payload }) => void (payload.restart && restarts++));
  try {
    let consumed = 0;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: () => Promise.resolve(void consumed++) });
    await producer.publishRecords(topic, 'log', 'pod-outage', [logRecord('loop-1')]);
    await waitFor(() => Promise.resolve(consumed > 0 ? true : undefined), { what: 'the first message' });
    await withAdmin(kafka, (admin) => admin.deleteTopics({ topics: [topic] }));
    await waitFor(() => Promise.resolve(restarts >= 15 ? true : undefined), {
      what: '15 restarts of the consumer',
      timeoutMs: 40_000,
    });
    console.log(
      `[restart loop] ${restarts} restarts; socket listeners at most ${JSON.stringify(sockets.maxListeners())}`,
    );
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(sockets.maxListeners().count).toBeLessThanOrEqual(2);
  } finally {
    stopWarnings();
    sockets.close();
    await consumer.disconnect();
    await producer.disconnect();
  }
}, 60_000);
