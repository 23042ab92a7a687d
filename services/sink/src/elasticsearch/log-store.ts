import { DEAD_LETTER_REASONS, LogRecord, type ConsumedRecord } from '@daytwo/core';
import { BulkEncodeError, encodeCreate, type BulkItem } from './bulk-encoder';
import type { DeadLetterIndex, LogDeadLetter } from './dead-letter-index';
import { indexTarget, type IndexMode, type IndexNaming } from './index-naming';
import type { ElasticsearchMetrics } from './metrics';
import { writeWithRetry, type RetryPolicy } from './retry';
import type { FailureResult, WriteResult } from './write-result';

/** What travels with a bulk item: enough to dead-letter the record if Elasticsearch refuses it. */
export interface LogItemRef {
  consumed: ConsumedRecord;
  ordinal: number;
}

export interface LogStoreOptions {
  mode: IndexMode;
  naming: IndexNaming;
  /** Writes a batch of items (the BulkBatcher); one result per item, in order. */
  submit: (items: readonly BulkItem<LogItemRef>[]) => Promise<WriteResult[]>;
  deadLetters: DeadLetterIndex;
  retry: RetryPolicy;
  metrics?: ElasticsearchMetrics | undefined;
}

export interface StoreReport {
  stored: number;
  duplicates: number;
  deadLettered: number;
}

export const SINK_DEAD_LETTER_REASONS = {
  timestampInvalid: 'timestamp_invalid',
  mappingConflict: 'mapping_conflict',
  documentTooLarge: 'document_too_large',
  documentRejected: 'document_rejected',
  encodeFailed: 'encode_failed',
} as const;

const MAPPING_ERROR_TYPES = new Set([
  'document_parsing_exception',
  'mapper_parsing_exception',
  'strict_dynamic_mapping_exception',
  'illegal_argument_exception',
]);

function rejectionReason(result: FailureResult): string {
  if (result.status === 413) return SINK_DEAD_LETTER_REASONS.documentTooLarge;
  if (MAPPING_ERROR_TYPES.has(result.errorType)) return SINK_DEAD_LETTER_REASONS.mappingConflict;
  return SINK_DEAD_LETTER_REASONS.documentRejected;
}

function schemaProblems(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const shown = error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`);
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * Stores the records of one consumed batch: every record ends up either in its log index (or was there already) or
 * in the dead-letter index, before `store` resolves. Only then may the caller commit the batch's offsets. When
 * Elasticsearch stays unavailable, `store` throws (ElasticsearchUnavailableError) and nothing may be committed.
 */
export class LogStore {
  constructor(private readonly options: LogStoreOptions) {}

  async store(records: readonly ConsumedRecord[], signal?: AbortSignal): Promise<StoreReport> {
    const { metrics } = this.options;
    const deadLetters: LogDeadLetter[] = [];
    const items = this.encode(records, deadLetters);
    const results = await writeWithRetry(this.options.submit, items, this.options.retry, {
      signal,
      onRetry: (retryable) => retryable.forEach((r) => metrics?.retries.inc({ error_type: r.errorType })),
    });
    const report: StoreReport = { stored: 0, duplicates: 0, deadLettered: 0 };
    results.forEach((result, i) => {
      if (result.outcome === 'success') {
        if (result.duplicate) report.duplicates++;
        else report.stored++;
        return;
      }
      const { consumed, ordinal } = items[i]!.ref;
      deadLetters.push({
        ...this.deadLetterBase(consumed, ordinal),
        reason: rejectionReason(result),
        errorType: result.errorType,
        error: result.reason,
        status: result.status,
        targetIndex: items[i]!.index,
      });
    });
    await this.options.deadLetters.write(deadLetters, signal);
    report.deadLettered = deadLetters.length;
    metrics?.docsWritten.inc(report.stored);
    metrics?.duplicates.inc(report.duplicates);
    return report;
  }

  private encode(records: readonly ConsumedRecord[], deadLetters: LogDeadLetter[]): BulkItem<LogItemRef>[] {
    const { mode, naming } = this.options;
    const items: BulkItem<LogItemRef>[] = [];
    let ordinal = 0;
    records.forEach((consumed, i) => {
      const previous = records[i - 1]?.origin;
      ordinal = previous && previous.offset === consumed.origin.offset ? ordinal + 1 : 0;
      const reject = (reason: string, errorType: string, error: string, targetIndex?: string) =>
        deadLetters.push({ ...this.deadLetterBase(consumed, ordinal), reason, errorType, error, targetIndex });
      if (consumed.kind !== 'log') {
        reject(DEAD_LETTER_REASONS.kindUnexpected, 'kind_unexpected', `record kind ${consumed.kind} is not log`);
        return;
      }
      const parsed = LogRecord.safeParse(consumed.record);
      if (!parsed.success) {
        reject(DEAD_LETTER_REASONS.recordInvalid, 'schema_validation', schemaProblems(parsed.error));
        return;
      }
      const target = indexTarget(mode, naming, parsed.data);
      if (!target.ok) {
        reject(target.reason, 'schema_validation', target.error);
        return;
      }
      // The record as received (unknown fields included: the mapping keeps them in _source without indexing them).
      const source = consumed.record as unknown as Record<string, unknown>;
      const document =
        mode === 'data_stream'
          ? { ...source, data_stream: { type: 'logs', dataset: target.dataset, namespace: target.namespace } }
          : source;
      try {
        items.push(encodeCreate(target.index, parsed.data.event.id, document, { consumed, ordinal }));
      } catch (err) {
        if (!(err instanceof BulkEncodeError)) throw err;
        reject(SINK_DEAD_LETTER_REASONS.encodeFailed, 'encode_failed', err.message, target.index);
      }
    });
    return items;
  }

  private deadLetterBase(consumed: ConsumedRecord, ordinal: number) {
    const { topic, partition, offset } = consumed.origin;
    return { source: { topic, partition, offset }, ordinal, recordId: consumed.id, raw: consumed.record };
  }
}
