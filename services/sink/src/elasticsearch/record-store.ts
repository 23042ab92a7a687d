import { DEAD_LETTER_REASONS, type ConsumedRecord, type RecordKind } from '@daytwo/core';
import { BulkEncodeError, encodeCreate, type BulkItem } from './bulk-encoder';
import type { DeadLetterIndex, LogDeadLetter } from './dead-letter-index';
import type { ElasticsearchMetrics } from './metrics';
import { writeWithRetry, type RetryPolicy } from './retry';
import type { FailureResult, WriteResult } from './write-result';

/** What travels with a bulk item: enough to dead-letter the record if Elasticsearch refuses it. */
export interface RecordItemRef {
  consumed: ConsumedRecord;
  ordinal: number;
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

/** Where one valid record goes, or why it cannot go anywhere. */
export type RecordRoute =
  | { ok: true; index: string; id: string; document: object }
  | { ok: false; reason: string; errorType: string; error: string; targetIndex?: string | undefined };

/** What a store of one kind of record knows about it: its kind, how it is validated and routed, how it is named. */
export interface RecordEncoding {
  kind: RecordKind;
  route(consumed: ConsumedRecord): RecordRoute;
  /** The id a dead-letter entry names the record by (the consumed id when left out). */
  deadLetterId?(consumed: ConsumedRecord): string | undefined;
}

export interface RecordStoreOptions {
  encoding: RecordEncoding;
  /** Writes a batch of items (the BulkBatcher); one result per item, in order. */
  submit: (items: readonly BulkItem<RecordItemRef>[]) => Promise<WriteResult[]>;
  deadLetters: DeadLetterIndex;
  retry: RetryPolicy;
  metrics?: ElasticsearchMetrics | undefined;
}

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

/** The first problems of a failed schema validation, for the dead-letter entry. */
export function schemaProblems(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const shown = error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`);
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * Stores the records of one consumed batch: every record ends up either in its index (or was there already) or in
 * the dead-letter index, before `store` resolves. Only then may the caller commit the batch's offsets. When
 * Elasticsearch stays unavailable, `store` throws (ElasticsearchUnavailableError) and nothing may be committed.
 */
export class RecordStore {
  constructor(private readonly options: RecordStoreOptions) {}

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

  private encode(records: readonly ConsumedRecord[], deadLetters: LogDeadLetter[]): BulkItem<RecordItemRef>[] {
    const { encoding } = this.options;
    const items: BulkItem<RecordItemRef>[] = [];
    let ordinal = 0;
    records.forEach((consumed, i) => {
      const previous = records[i - 1]?.origin;
      ordinal = previous && previous.offset === consumed.origin.offset ? ordinal + 1 : 0;
      const reject = (reason: string, errorType: string, error: string, targetIndex?: string) =>
        deadLetters.push({ ...this.deadLetterBase(consumed, ordinal), reason, errorType, error, targetIndex });
      if (consumed.kind !== encoding.kind) {
        const error = `record kind ${consumed.kind} is not ${encoding.kind}`;
        reject(DEAD_LETTER_REASONS.kindUnexpected, 'kind_unexpected', error);
        return;
      }
      const route = encoding.route(consumed);
      if (!route.ok) {
        reject(route.reason, route.errorType, route.error, route.targetIndex);
        return;
      }
      try {
        items.push(encodeCreate(route.index, route.id, route.document, { consumed, ordinal }));
      } catch (err) {
        if (!(err instanceof BulkEncodeError)) throw err;
        reject(SINK_DEAD_LETTER_REASONS.encodeFailed, 'encode_failed', err.message, route.index);
      }
    });
    return items;
  }

  private deadLetterBase(consumed: ConsumedRecord, ordinal: number) {
    const { topic, partition, offset } = consumed.origin;
    const recordId = this.options.encoding.deadLetterId?.(consumed) ?? consumed.id;
    return { source: { topic, partition, offset }, ordinal, recordId, raw: consumed.record };
  }
}
