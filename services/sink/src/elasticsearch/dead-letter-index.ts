import {
  buildDeadLetterEntry,
  DEFAULT_MAX_RAW_BYTES,
  type DeadLetterPublisher,
  type DeadLetterSource,
} from '@daytwo/core';
import { boundedDocumentId, encodeCreate, type BulkItem } from './bulk-encoder';
import type { ElasticsearchMetrics } from './metrics';
import { writeWithRetry, type RetryPolicy } from './retry';
import type { WriteResult } from './write-result';
import type { WriterLogger } from './bulk-writer';

/** A log record the sink gives up on. */
export interface LogDeadLetter {
  /** `record_invalid`, `timestamp_invalid`, `mapping_conflict`, `document_rejected`... */
  reason: string;
  /** Elasticsearch's error type, or the sink's own (`schema_validation`). */
  errorType: string;
  error: string;
  status?: number | undefined;
  source: DeadLetterSource;
  /** Position of the record inside its Kafka message: with `source` it names the record when it has no id. */
  ordinal: number;
  recordId?: string | undefined;
  /** The index the record was meant for, when known. */
  targetIndex?: string | undefined;
  raw: unknown;
}

export const DEAD_LETTER_STAGE = 'sink.elasticsearch';

/** Stable across redeliveries, so a record dead-lettered twice is one entry (the second `create` is a 409). */
export function deadLetterId(input: LogDeadLetter): string {
  const { topic, partition, offset } = input.source;
  const id = input.recordId ?? `${topic}:${partition}:${offset}:${input.ordinal}`;
  return boundedDocumentId(id);
}

/** The core dead-letter entry, plus what Kibana users filter on: `@timestamp`, `error_type`, `status`, target. */
export function deadLetterDocument(input: LogDeadLetter, now: Date, maxRawBytes = DEFAULT_MAX_RAW_BYTES): object {
  const entry = buildDeadLetterEntry(
    {
      reason: input.reason,
      error: input.error,
      stage: DEAD_LETTER_STAGE,
      source: input.source,
      recordId: input.recordId,
      raw: input.raw as object | string | null | undefined,
    },
    now,
    maxRawBytes,
  );
  const { timestamp, ...fields } = entry;
  return {
    '@timestamp': timestamp,
    ...fields,
    error_type: input.errorType,
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.targetIndex === undefined ? {} : { target_index: input.targetIndex }),
  };
}

export interface DeadLetterIndexOptions {
  index: string;
  send: (items: readonly BulkItem<LogDeadLetter>[]) => Promise<WriteResult[]>;
  retry: RetryPolicy;
  /** Where an entry goes that Elasticsearch refuses even in the dead-letter index (the Kafka dead-letter topic). */
  fallback?: DeadLetterPublisher | undefined;
  metrics?: ElasticsearchMetrics | undefined;
  logger?: WriterLogger | undefined;
  maxRawBytes?: number | undefined;
  /** What the records are, in the log lines: `log` (the default), `anomaly`. */
  recordNoun?: string | undefined;
}

/** Dead-letter entries logged per call; the rest are summed up in one line. */
const MAX_LOGGED = 20;

export class DeadLetterRejectedError extends Error {
  override name = 'DeadLetterRejectedError';
}

/** Writes dead-letter entries into the dead-letter index; resolves once every entry is stored somewhere. */
export class DeadLetterIndex {
  constructor(private readonly options: DeadLetterIndexOptions) {}

  get index(): string {
    return this.options.index;
  }

  async write(inputs: readonly LogDeadLetter[], signal?: AbortSignal): Promise<void> {
    if (inputs.length === 0) return;
    const { metrics, logger, recordNoun = 'log' } = this.options;
    const now = new Date();
    const items = inputs.map((input) =>
      encodeCreate(
        this.options.index,
        deadLetterId(input),
        deadLetterDocument(input, now, this.options.maxRawBytes),
        input,
      ),
    );
    const results = await writeWithRetry(this.options.send, items, this.options.retry, {
      signal,
      onRetry: (retryable) => retryable.forEach((r) => metrics?.retries.inc({ error_type: r.errorType })),
    });
    const refused = inputs.filter((_, i) => results[i]?.outcome === 'failure');
    if (refused.length > 0) await this.fallBack(refused, results.find((r) => r.outcome === 'failure')?.reason);
    // An entry that was already there (409: the record was dead-lettered on an earlier delivery) is not counted again.
    const fresh = inputs.filter((_, i) => {
      const result = results[i];
      return result?.outcome === 'failure' || (result?.outcome === 'success' && !result.duplicate);
    });
    fresh.forEach((input, i) => {
      metrics?.deadLettered.inc({ reason: input.reason });
      if (i < MAX_LOGGED) {
        const { source, recordId, reason, errorType, error, targetIndex } = input;
        logger?.warn({ reason, errorType, error, source, recordId, targetIndex }, `${recordNoun} record dead-lettered`);
      }
    });
    if (fresh.length > MAX_LOGGED) {
      logger?.warn(
        { count: fresh.length - MAX_LOGGED },
        `more ${recordNoun} records dead-lettered (not logged one by one)`,
      );
    }
  }

  private async fallBack(refused: readonly LogDeadLetter[], why: string | undefined): Promise<void> {
    const { fallback } = this.options;
    if (!fallback) {
      throw new DeadLetterRejectedError(`the dead-letter index refused ${refused.length} entries: ${why ?? ''}`);
    }
    await fallback.publish(
      refused.map((input) => ({
        reason: input.reason,
        error: `${input.errorType}: ${input.error} (dead-letter index refused the entry: ${why ?? 'unknown'})`,
        source: input.source,
        recordId: input.recordId,
        raw: input.raw as object | string | null | undefined,
      })),
    );
  }
}
