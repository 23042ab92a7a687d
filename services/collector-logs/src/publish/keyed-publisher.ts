import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaPublishError, LogRows, type LogEnvelopeLimits, type LogRecord } from '@daytwo/core';
import { fileSource, type DeadLetterDraft } from './record-builder';

/** Records and dead letters of one file, made together; `onAcked` runs once Kafka acknowledged all of them. */
export interface OutgoingBatch {
  /** The Kafka key (pod uid): batches of one key are sent one after another, in order. */
  key: string;
  /** As objects, or already encoded as the rows of compact envelopes (the collector's own batches). */
  records: readonly LogRecord[] | LogRows;
  deadLetters: DeadLetterDraft[];
  onAcked: () => void;
}

/** What the publisher needs of RecordProducer and DeadLetterPublisher (both resolve once Kafka acknowledged). */
export interface RecordSink {
  publishRecords(topic: string, kind: 'log', key: string, records: readonly LogRecord[]): Promise<unknown>;
  /**
   * Encoded rows, in order (RecordProducer has it); a sink without it gets the rows decoded into records. Once the
   * returned promise resolved, the sink must not read the rows any more: the publisher releases them for reuse.
   */
  publishLogRows?(topic: string, key: string, rows: readonly LogRows[]): Promise<unknown>;
  /** Rows written inside envelopes of these limits are sent without a copy (RecordProducer.envelopeLimits). */
  readonly envelopeLimits?: LogEnvelopeLimits;
}

/** What one send carries: rows when every batch of the group is encoded and the sink takes rows, else records. */
type Payload = { rows: LogRows[] } | { records: LogRecord[] };
export interface DeadLetterSink {
  publish(inputs: readonly DeadLetterDraft[]): Promise<unknown>;
}

export interface KeyedPublisherOptions {
  topic: string;
  /** A send takes queued batches of its key until it holds this many records. */
  maxRecordsPerSend: number;
  retryInitialMs: number;
  retryMaxMs: number;
  onSent?: (records: number, deadLetters: number, seconds: number) => void;
  onRetry?: (err: unknown, attempt: number) => void;
  /** A record Kafka refused for good was dead-lettered instead (`publish_rejected`). */
  onRejected?: (record: LogRecord, err: unknown) => void;
}

/** `close` was called while a send was still being retried. */
export class PublisherClosedError extends Error {
  override name = 'PublisherClosedError';
}

const isRetryable = (err: unknown): boolean => !(err instanceof KafkaPublishError) || err.retryable;

/**
 * Publishes batches per Kafka key, one send in flight per key (so a key's records keep their order even when kafkajs
 * retries) and any number of keys in flight at once. Batches queued while a send is in flight go out together in the
 * next send. Transient failures are retried with exponential backoff, without end: the byte budget stops the readers
 * meanwhile. A send Kafka refuses for good is retried record by record; a record refused alone is dead-lettered.
 */
export class KeyedPublisher {
  private readonly queues = new Map<string, OutgoingBatch[]>();
  private queued = 0;
  private drainWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly records: RecordSink,
    private readonly deadLetters: DeadLetterSink,
    private readonly options: KeyedPublisherOptions,
  ) {}

  /** Batches not yet acknowledged. */
  get pending(): number {
    return this.queued;
  }

  enqueue(batch: OutgoingBatch): void {
    this.queued++;
    const queue = this.queues.get(batch.key);
    if (queue !== undefined) {
      queue.push(batch);
      return;
    }
    const fresh = [batch];
    this.queues.set(batch.key, fresh);
    void this.run(batch.key, fresh);
  }

  /** Resolves once every batch enqueued so far was acknowledged. */
  drain(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Stops retrying: unacknowledged batches stay unacknowledged (their checkpoints never advance). */
  close(): void {
    this.closed = true;
  }

  private async run(key: string, queue: OutgoingBatch[]): Promise<void> {
    try {
      while (queue.length > 0) {
        const group = takeGroup(queue, this.options.maxRecordsPerSend);
        await this.send(key, group);
        this.queued -= group.length;
        for (const batch of group) {
          // Sent for good: the sink keeps nothing of the rows (RecordSink), their buffer can take other rows.
          if (batch.records instanceof LogRows) batch.records.release();
          batch.onAcked();
        }
        if (this.queued === 0) this.wakeDrainWaiters();
      }
    } catch (err) {
      if (!(err instanceof PublisherClosedError)) throw err;
    } finally {
      this.queues.delete(key);
    }
  }

  private wakeDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  private async send(key: string, group: OutgoingBatch[]): Promise<void> {
    const payload = this.payload(group);
    const records = 'rows' in payload ? countRows(payload.rows) : payload.records.length;
    const deadLetters = group.flatMap((b) => b.deadLetters);
    if (records === 0 && deadLetters.length === 0) return;
    const started = performance.now();
    if (deadLetters.length > 0) await this.retrying(() => this.deadLetters.publish(deadLetters), true);
    if (records > 0) {
      try {
        await this.retrying(() => this.publish(key, payload), false);
      } catch (err) {
        if (err instanceof PublisherClosedError) throw err;
        await this.sendOneByOne(key, payload);
      }
    }
    this.options.onSent?.(records, deadLetters.length, (performance.now() - started) / 1000);
  }

  private payload(group: readonly OutgoingBatch[]): Payload {
    const parts = group.map((b) => b.records);
    if (this.records.publishLogRows !== undefined && parts.every((p) => p instanceof LogRows || p.length === 0)) {
      return { rows: parts.filter((p): p is LogRows => p instanceof LogRows && p.length > 0) };
    }
    if (parts.length === 1 && Array.isArray(parts[0])) return { records: parts[0] as LogRecord[] };
    const records: LogRecord[] = [];
    for (const part of parts) for (const record of part) records.push(record);
    return { records };
  }

  private publish(key: string, payload: Payload): Promise<unknown> {
    const { topic } = this.options;
    if ('rows' in payload) return this.records.publishLogRows!(topic, key, payload.rows);
    return this.records.publishRecords(topic, 'log', key, payload.records);
  }

  /** One send per record; a record Kafka refuses alone is dead-lettered. */
  private async sendOneByOne(key: string, payload: Payload): Promise<void> {
    const singles: Array<{ payload: Payload; record: () => LogRecord }> = [];
    if ('rows' in payload) {
      for (const part of payload.rows) {
        for (let i = 0; i < part.length; i++)
          singles.push({ payload: { rows: [part.slice(i, i + 1)] }, record: () => part.record(i) });
      }
    } else {
      for (const record of payload.records) singles.push({ payload: { records: [record] }, record: () => record });
    }
    for (const single of singles) {
      try {
        await this.retrying(() => this.publish(key, single.payload), false);
      } catch (err) {
        if (err instanceof PublisherClosedError) throw err;
        const record = single.record();
        const path = record.log?.file?.path ?? 'unknown';
        const draft: DeadLetterDraft = {
          reason: 'publish_rejected',
          error: err,
          source: fileSource(path, record.log?.offset ?? 0),
          recordId: record.event.id,
          raw: record,
        };
        await this.retrying(() => this.deadLetters.publish([draft]), true);
        this.options.onRejected?.(record, err);
      }
    }
  }

  /** Runs `work` until it succeeds; rethrows a permanent failure unless `always` (dead letters must not be lost). */
  private async retrying(work: () => Promise<unknown>, always: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new PublisherClosedError('publisher closed');
      try {
        await work();
        return;
      } catch (err) {
        if (!always && !isRetryable(err)) throw err;
        this.options.onRetry?.(err, attempt);
        const delay = Math.min(this.options.retryMaxMs, this.options.retryInitialMs * 2 ** Math.min(attempt - 1, 20));
        await sleep(delay);
      }
    }
  }
}

function countRows(rows: readonly LogRows[]): number {
  let n = 0;
  for (const part of rows) n += part.length;
  return n;
}

/** The first batches of the queue holding up to `maxRecords` records (at least one batch), removed from it. */
export function takeGroup(queue: OutgoingBatch[], maxRecords: number): OutgoingBatch[] {
  let records = queue[0]!.records.length;
  let n = 1;
  while (n < queue.length && records + queue[n]!.records.length <= maxRecords) records += queue[n++]!.records.length;
  return queue.splice(0, n);
}
