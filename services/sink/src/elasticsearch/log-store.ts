import { DEAD_LETTER_REASONS, LogRecord, type ConsumedRecord } from '@daytwo/core';
import type { BulkItem } from './bulk-encoder';
import type { DeadLetterIndex } from './dead-letter-index';
import { indexTarget, type IndexMode, type IndexNaming } from './index-naming';
import type { ElasticsearchMetrics } from './metrics';
import { RecordStore, schemaProblems, type RecordEncoding, type RecordItemRef, type RecordRoute } from './record-store';
import type { RetryPolicy } from './retry';
import type { WriteResult } from './write-result';

export { SINK_DEAD_LETTER_REASONS, type StoreReport } from './record-store';

/** What travels with a bulk item: enough to dead-letter the record if Elasticsearch refuses it. */
export type LogItemRef = RecordItemRef;

export interface LogStoreOptions {
  mode: IndexMode;
  naming: IndexNaming;
  /** Writes a batch of items (the BulkBatcher); one result per item, in order. */
  submit: (items: readonly BulkItem<LogItemRef>[]) => Promise<WriteResult[]>;
  deadLetters: DeadLetterIndex;
  retry: RetryPolicy;
  metrics?: ElasticsearchMetrics | undefined;
}

/** Log records: validated as LogRecord, routed by mode, `_id` = `event.id`. */
export function logEncoding(mode: IndexMode, naming: IndexNaming): RecordEncoding {
  return {
    kind: 'log',
    route: (consumed: ConsumedRecord): RecordRoute => {
      const parsed = LogRecord.safeParse(consumed.record);
      if (!parsed.success) {
        const error = schemaProblems(parsed.error);
        return { ok: false, reason: DEAD_LETTER_REASONS.recordInvalid, errorType: 'schema_validation', error };
      }
      const target = indexTarget(mode, naming, parsed.data);
      if (!target.ok) return { ok: false, reason: target.reason, errorType: 'schema_validation', error: target.error };
      // The record as received (unknown fields included: the mapping keeps them in _source without indexing them).
      const source = consumed.record as unknown as Record<string, unknown>;
      const document =
        mode === 'data_stream'
          ? { ...source, data_stream: { type: 'logs', dataset: target.dataset, namespace: target.namespace } }
          : source;
      return { ok: true, index: target.index, id: parsed.data.event.id, document };
    },
  };
}

/**
 * Stores the log records of one consumed batch (see RecordStore): each in its log index (or already there) or in the
 * dead-letter index before `store` resolves.
 */
export class LogStore extends RecordStore {
  constructor(options: LogStoreOptions) {
    const { mode, naming, ...rest } = options;
    super({ ...rest, encoding: logEncoding(mode, naming) });
  }
}
