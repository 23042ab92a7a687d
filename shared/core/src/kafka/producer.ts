import type { Context } from '@opentelemetry/api';
import {
  CompressionTypes,
  KafkaJSError,
  Partitioners,
  type IHeaders,
  type Kafka,
  type Producer,
  type RecordMetadata,
} from 'kafkajs';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { RecordKind, RecordKinds } from '../wire/envelope';
import { encodeLogRowEnvelopes, type LogEnvelopeLimits, type LogRows } from '../wire/log-rows';
import { encodeEnvelopes } from './envelope-batches';
import { splitIntoRequests } from './produce-requests';
import { producerMetrics } from './metrics';
import { injectTraceHeaders } from './trace-headers';
import { useFastKafkajsCrc32c } from './kafkajs-crc32c';
import { useKafkajsEncoderParts } from './kafkajs-encoder';

export const ProducerSettings = z
  .object({
    /** gzip is built into kafkajs; other codecs would need native packages. */
    compression: z.enum(['none', 'gzip']).default('none'),
    /** Measured: 500 log lines per message gives about 250k lines/s. */
    maxRecordsPerMessage: z.number().int().positive().default(500),
    /**
     * The broker's `message.max.bytes` (default 1 MiB) limits a record batch: all messages of one partition in one
     * request. One envelope and one request stay under this.
     */
    maxBatchBytes: z.number().int().positive().default(900_000),
    /** How long the broker may wait for the in-sync replicas before it answers. */
    ackTimeoutMs: z.number().int().positive().default(30_000),
    /** Send attempts before a publish fails; unset means kafkajs' idempotent default: retry until acknowledged. */
    retries: z.number().int().positive().optional(),
  })
  .strict();
export type ProducerSettings = z.output<typeof ProducerSettings>;
export type ProducerSettingsInput = z.input<typeof ProducerSettings>;

/** A message that is already enveloped. */
export interface OutgoingMessage {
  key: string | Buffer | null;
  value: string | Buffer;
  headers?: IHeaders;
}

/** Publishing failed after kafkajs' own retries; `retryable` says whether trying again later can succeed. */
export class KafkaPublishError extends Error {
  override name = 'KafkaPublishError';
  constructor(
    message: string,
    readonly topic: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether a kafkajs failure was transient (broker down, leader moving, timeouts) rather than a rejected request. */
export function isRetryableKafkaError(err: unknown): boolean {
  if (!(err instanceof KafkaJSError)) return false;
  // After its retries kafkajs wraps the last error as non-retriable; what counts is the cause.
  if (err.name === 'KafkaJSNumberOfRetriesExceeded' && err.cause instanceof KafkaJSError) return err.cause.retriable;
  return err.retriable;
}

export interface PublishRecordsOptions {
  headers?: IHeaders;
  /** Trace context written into `traceparent`/`tracestate`; defaults to the active context. */
  traceContext?: Context;
}

export interface PublishResult {
  topic: string;
  messages: number;
  records: number;
  bytes: number;
}

export interface RecordProducerOptions {
  registry?: Registry;
}

/** Anything that can send enveloped messages (the dead-letter publisher only needs this). */
export interface MessageSender {
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<RecordMetadata[]>;
}

/** Idempotent producer with acks from all in-sync replicas; every call returns only once Kafka acknowledged. */
export class RecordProducer implements MessageSender {
  readonly settings: ProducerSettings;
  private readonly producer: Producer;
  private connecting: Promise<void> | undefined;
  private readonly metrics: ReturnType<typeof producerMetrics>;

  constructor(kafka: Kafka, settings: ProducerSettingsInput = {}, options: RecordProducerOptions = {}) {
    this.settings = ProducerSettings.parse(settings);
    // Both cut kafkajs' CPU per produced byte without changing a byte on the wire (see the modules).
    useFastKafkajsCrc32c();
    useKafkajsEncoderParts();
    this.producer = kafka.producer({
      idempotent: true,
      // kafkajs requires one request in flight for idempotence; it also keeps per-partition order on retries.
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      ...(this.settings.retries !== undefined ? { retry: { retries: this.settings.retries } } : {}),
    });
    this.metrics = producerMetrics(options.registry);
  }

  /** The limits publishLogRows cuts envelopes at: rows written within them (LogRowWriter) are sent as they are. */
  get envelopeLimits(): LogEnvelopeLimits {
    return { maxRecords: this.settings.maxRecordsPerMessage, maxBytes: this.settings.maxBatchBytes };
  }

  /** Connects once; concurrent and later calls share the same connection. */
  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((err: unknown) => {
      this.connecting = undefined;
      throw new KafkaPublishError(`cannot connect producer: ${String(err)}`, '', isRetryableKafkaError(err), {
        cause: err,
      });
    });
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    if (!this.connecting) return;
    this.connecting = undefined;
    await this.producer.disconnect();
  }

  /** Sends in order, in as many requests as the batch size limit needs; resolves when all are acknowledged. */
  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<RecordMetadata[]> {
    if (messages.length === 0) return [];
    await this.connect();
    const metadata: RecordMetadata[] = [];
    for (const request of splitIntoRequests(messages, this.settings.maxBatchBytes)) {
      try {
        metadata.push(
          ...(await this.producer.send({
            topic,
            messages: request.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
            acks: -1,
            timeout: this.settings.ackTimeoutMs,
            compression: this.settings.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
          })),
        );
      } catch (err) {
        const retryable = isRetryableKafkaError(err);
        this.metrics.errors?.inc({ topic, retryable: String(retryable) });
        const reason = err instanceof Error ? err.message : String(err);
        throw new KafkaPublishError(`publish to ${topic} failed: ${reason}`, topic, retryable, { cause: err });
      }
      this.metrics.messages?.inc({ topic }, request.length);
      this.metrics.bytes?.inc({ topic }, sumBytes(request));
    }
    return metadata;
  }

  /**
   * Envelopes `records` (all under one key, so they stay in order on one partition) into as few messages as the
   * limits allow and resolves once all of them are acknowledged: callers may then advance their checkpoints.
   */
  async publishRecords<K extends RecordKind>(
    topic: string,
    kind: K,
    key: string,
    records: readonly RecordKinds[K][],
    options: PublishRecordsOptions = {},
  ): Promise<PublishResult> {
    const values = encodeEnvelopes(kind, records, {
      maxRecords: this.settings.maxRecordsPerMessage,
      maxBytes: this.settings.maxBatchBytes,
    });
    return this.sendEnvelopes(topic, key, values, records.length, options);
  }

  /**
   * Like publishRecords for log records already encoded as rows (LogRowWriter): the rows, in order, go into as few
   * compact envelopes as the limits allow; resolves once all of them are acknowledged.
   */
  async publishLogRows(
    topic: string,
    key: string,
    rows: readonly LogRows[],
    options: PublishRecordsOptions = {},
  ): Promise<PublishResult> {
    const values = encodeLogRowEnvelopes(rows, this.envelopeLimits);
    let records = 0;
    for (const part of rows) records += part.length;
    return this.sendEnvelopes(topic, key, values, records, options);
  }

  private async sendEnvelopes(
    topic: string,
    key: string,
    values: readonly Buffer[],
    records: number,
    options: PublishRecordsOptions,
  ): Promise<PublishResult> {
    const headers: IHeaders = { ...options.headers };
    if (headers['traceparent'] === undefined) injectTraceHeaders(headers, { context: options.traceContext });
    await this.send(
      topic,
      values.map((value) => ({ key, value, headers })),
    );
    this.metrics.records?.inc({ topic }, records);
    return { topic, messages: values.length, records, bytes: sumBytes(values.map((value) => ({ value }))) };
  }
}

function sumBytes(messages: readonly { value: string | Buffer }[]): number {
  let bytes = 0;
  for (const m of messages) bytes += typeof m.value === 'string' ? Buffer.byteLength(m.value) : m.value.length;
  return bytes;
}
