import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { RecordKind } from '../wire/envelope';
import { ConsumerSettings, retryDelayMs, type ConsumerSettingsInput } from './consumer-settings';
import type { DeadLetterPublisher } from './dead-letter';
import type { PinoLikeLogger } from './kafka-logger';
import { withAdmin } from './admin';
import { decodeMessage, type ConsumedRecord, type DecodedMessage } from './message-decode';
import { consumerMetrics } from './metrics';

export interface ConsumedBatch {
  topic: string;
  partition: number;
  /** In offset order; records of one message keep their envelope order. */
  records: ConsumedRecord[];
}
export type BatchHandler = (batch: ConsumedBatch) => Promise<void>;

export interface BatchConsumerOptions {
  topics: readonly string[];
  settings: ConsumerSettingsInput;
  handler: BatchHandler;
  /** Where messages whose envelope cannot be decoded go. */
  deadLetters: DeadLetterPublisher;
  /** Envelopes of other kinds are dead-lettered. */
  expectedKinds?: readonly RecordKind[];
  registry?: Registry;
  logger?: PinoLikeLogger;
  /**
   * The consumer gave up and will not restart (a non-retriable error, or a subscribed topic that no longer exists):
   * the owner should exit or restart. Only after `start()` resolved; before that, `start()` rejects instead.
   */
  onFatal?: (err: Error) => void;
}

/** The consumer gave up before it joined its group (the broker refused its settings); `cause` is kafkajs' error. */
export class ConsumerStartError extends Error {
  override name = 'ConsumerStartError';
}

export interface ConsumerStats {
  messages: number;
  records: number;
  handlerErrors: number;
  deadLetters: number;
  deadLetterErrors: number;
  commitErrors: number;
}

/**
 * At-least-once consumer: offsets are committed only after the handler (and the dead-lettering of undecodable
 * messages) succeeded. A failure leaves the offsets unresolved, so kafkajs fetches the same messages again once the
 * partition resumes after a backoff; the process keeps running.
 *
 * `start()` resolves once the consumer joined its group, so that a service is started only when it consumes; when the
 * consumer gives up before that (the broker refuses its settings), `start()` rejects with the reason.
 */
export class BatchConsumer {
  readonly settings: ConsumerSettings;
  private readonly consumer: Consumer;
  private readonly failures = new Map<string, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly counts: ConsumerStats = {
    messages: 0,
    records: 0,
    handlerErrors: 0,
    deadLetters: 0,
    deadLetterErrors: 0,
    commitErrors: 0,
  };
  private readonly metrics: ReturnType<typeof consumerMetrics>;
  private state: 'new' | 'running' | 'stopped' = 'new';
  /** Why the consumer gave up, when it is clearer than kafkajs's error. */
  private givenUp: Error | undefined;
  /** Settles `start()`: set from `start()` until the first group join. */
  private starting: { resolve: () => void; reject: (err: Error) => void } | undefined;
  /** Pending restart after a crash kafkajs does not restart from although it heals (see `healsOnRestart`). */
  private restartTimer: NodeJS.Timeout | undefined;
  private ownRestarts = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BatchConsumerOptions,
  ) {
    this.settings = ConsumerSettings.parse(options.settings);
    const s = this.settings;
    this.consumer = kafka.consumer({
      groupId: s.groupId,
      sessionTimeout: s.sessionTimeoutMs,
      rebalanceTimeout: s.rebalanceTimeoutMs,
      heartbeatInterval: s.heartbeatIntervalMs,
      maxWaitTimeInMs: s.maxWaitTimeMs,
      maxBytesPerPartition: s.maxBytesPerPartition,
      allowAutoTopicCreation: false,
      retry: { restartOnFailure: (err) => this.restartAfterCrash(err) },
    });
    this.metrics = consumerMetrics(options.registry);
    // Listeners are added here, once: kafkajs keeps them across its restarts.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.ownRestarts = 0;
      this.starting?.resolve();
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => this.onCrash(payload.error, payload.restart));
  }

  /** Resolves once the consumer joined its group; rejects when it cannot connect or gives up before joining. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`consumer cannot start: it is ${this.state}`);
    this.state = 'running';
    const joined = new Promise<void>((resolve, reject) => (this.starting = { resolve, reject }));
    // A crash settles it while run() is still returning; awaited below.
    joined.catch(() => undefined);
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.settings.fromBeginning });
      await this.run();
      await joined;
    } finally {
      this.starting = undefined;
    }
  }

  /** Stops fetching, lets the in-flight handler finish and commit, then leaves the group and disconnects. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    clearTimeout(this.restartTimer);
    this.starting?.reject(new Error('consumer stopped before it joined its group'));
    await this.consumer.disconnect();
  }

  stats(): ConsumerStats {
    return { ...this.counts };
  }

  /** kafkajs' run; it also restarts the consumer with this after a crash. */
  private run(): Promise<void> {
    return this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /**
   * After kafkajs' crash handling: it has disconnected, and restarts the consumer itself when `restart`. An outage
   * kafkajs wrongly gives up on is restarted here, before the first join too (a broker still coming up), so only a
   * refusal that no restart heals fails a start.
   */
  private onCrash(err: Error, restart: boolean): void {
    const ownRestart = !restart && this.state === 'running' && healsOnRestart(err);
    this.options.logger?.error({ err, restart: restart || ownRestart }, 'kafka consumer crashed');
    if (restart) return;
    if (ownRestart) {
      this.restartLater();
      return;
    }
    const reason = this.givenUp ?? err;
    // Before the first join the owner is still starting (nothing to shut down yet): its start fails instead.
    if (this.starting) {
      const group = this.settings.groupId;
      this.starting.reject(new ConsumerStartError(`consumer group ${group}: ${reason.message}`, { cause: reason }));
    } else this.options.onFatal?.(reason);
  }

  private restartLater(): void {
    this.ownRestarts++;
    const delayMs = retryDelayMs(this.settings, this.ownRestarts);
    this.options.logger?.warn({ delayMs, restarts: this.ownRestarts }, 'restarting the kafka consumer');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.state !== 'running') return;
      // kafkajs reports a failed start through a CRASH event; a rejection here is a bug of its own.
      this.run().catch((err: unknown) => this.onCrash(err instanceof Error ? err : new Error(String(err)), false));
    }, delayMs);
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = payload.batch;
    let chunk: DecodedMessage[] = [];
    let chunkRecords = 0;
    for (const message of messages) {
      const decoded = decodeMessage(topic, partition, message, this.options.expectedKinds);
      chunk.push(decoded);
      if (decoded.ok) chunkRecords += decoded.records.length;
      if (chunkRecords >= this.settings.maxRecordsPerHandlerCall) {
        if (!(await this.processChunk(payload, chunk))) return;
        chunk = [];
        chunkRecords = 0;
      }
    }
    if (chunk.length > 0) await this.processChunk(payload, chunk);
  }

  /** Handles one run of consecutive messages; true when their offsets are committed. */
  private async processChunk(payload: EachBatchPayload, chunk: DecodedMessage[]): Promise<boolean> {
    // Stopping or rebalancing: leave the rest unresolved, it is fetched again by whoever owns the partition next.
    if (!payload.isRunning() || payload.isStale()) return false;
    const { topic, partition } = payload.batch;
    const records: ConsumedRecord[] = [];
    const undecodable: Extract<DecodedMessage, { ok: false }>[] = [];
    for (const m of chunk) {
      if (m.ok) records.push(...m.records);
      else undecodable.push(m);
    }
    try {
      if (records.length > 0)
        await this.withHeartbeats(payload, () => this.options.handler({ topic, partition, records }));
    } catch (err) {
      this.count('handlerErrors', topic);
      return this.retryLater(payload, err, 'handler failed');
    }
    try {
      if (undecodable.length > 0) {
        await this.options.deadLetters.publish(
          undecodable.map((m) => ({
            reason: m.reason,
            error: m.error,
            source: { topic, partition, offset: m.origin.offset },
            raw: m.raw,
            headers: m.origin.headers,
          })),
        );
      }
    } catch (err) {
      this.count('deadLetterErrors', topic);
      return this.retryLater(payload, err, 'dead-lettering failed');
    }
    for (const m of undecodable) {
      this.counts.deadLetters++;
      this.metrics.deadLetters?.inc({ topic, reason: m.reason });
    }
    const first = chunk[0]!.origin.offset;
    const last = chunk[chunk.length - 1]!.origin.offset;
    payload.resolveOffset(last);
    try {
      const offset = (BigInt(last) + 1n).toString();
      await payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset }] }] });
    } catch (err) {
      this.count('commitErrors', topic);
      // The fetch position must not run ahead of the group: rewind what was resolved above.
      payload.resolveOffset((BigInt(first) - 1n).toString());
      return this.retryLater(payload, err, 'offset commit failed');
    }
    this.failures.delete(`${topic}:${partition}`);
    this.count('messages', topic, chunk.length);
    this.count('records', topic, records.length);
    return true;
  }

  /** Pauses the partition for a backoff; the unresolved messages are fetched again when it resumes. */
  private retryLater(payload: EachBatchPayload, err: unknown, what: string): false {
    const { topic, partition } = payload.batch;
    const key = `${topic}:${partition}`;
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    if (this.state !== 'running') return false;
    const delayMs = retryDelayMs(this.settings, failures);
    this.options.logger?.warn({ err, topic, partition, failures, delayMs }, `${what}; retrying the batch`);
    const resume = payload.pause();
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, delayMs);
    this.resumeTimers.add(timer);
    return false;
  }

  /**
   * Called by kafkajs after a crash on a retriable error; it restarts the consumer as long as this says so. A deleted
   * topic is such an error (UNKNOWN_TOPIC_OR_PARTITION) that never heals: the consumer would restart every 300 ms
   * for ever, consuming nothing, while the service looks healthy. It gives up instead, as a start without the topic
   * fails, so that the owner exits and the orchestrator shows it. When the broker cannot tell, it restarts.
   */
  private async restartAfterCrash(err: Error): Promise<boolean> {
    if (this.state !== 'running' || rootCause(err).type !== 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    const topics = this.options.topics;
    const missing = await withAdmin(this.kafka, async (admin) => {
      const present = new Set(await admin.listTopics());
      return topics.filter((topic) => !present.has(topic));
    }).catch(() => []);
    if (missing.length === 0) return true;
    this.givenUp = new Error(`subscribed topic ${missing.join(', ')} no longer exists`, { cause: err });
    return false;
  }

  /** kafkajs only heartbeats between batches; a long handler would otherwise be evicted from the group. */
  private async withHeartbeats<T>(payload: EachBatchPayload, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => {
      payload.heartbeat().catch((err: unknown) => this.options.logger?.debug({ err }, 'heartbeat failed'));
    }, this.settings.heartbeatIntervalMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  private count(name: Exclude<keyof ConsumerStats, 'deadLetters'>, topic: string, n = 1): void {
    this.counts[name] += n;
    this.metrics[name]?.inc({ topic }, n);
  }
}

/**
 * kafkajs gives up when no broker answered its FindCoordinator request (KafkaJSGroupCoordinatorNotFound is not
 * retriable; kafkajs issues #1445, #1630), which happens when the broker goes down or comes back while the consumer
 * rejoins: an outage, which heals, so a running consumer restarts as for the retriable errors.
 */
function healsOnRestart(err: Error): boolean {
  return rootCause(err).name === 'KafkaJSGroupCoordinatorNotFound';
}

function rootCause(err: Error): Error & { type?: string } {
  let current: Error = err;
  while (current.cause instanceof Error) current = current.cause;
  return current;
}
