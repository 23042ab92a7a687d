import { AnomalyEvent, DEAD_LETTER_REASONS, type ConsumedRecord } from '@daytwo/core';
import { anomalyDocumentId, anomalyTarget, type AnomalyIndexPeriod, type AnomalyNaming } from './anomaly-naming';
import {
  RecordStore,
  schemaProblems,
  type RecordEncoding,
  type RecordRoute,
  type RecordStoreOptions,
} from './record-store';

export interface AnomalyStoreOptions extends Omit<RecordStoreOptions, 'encoding'> {
  naming: AnomalyNaming;
  period: AnomalyIndexPeriod;
}

/** The status a dead-letter entry names: the record's own, else `firing` (AnomalyEvent's default). */
function rawStatus(record: unknown): string {
  const status = (record as { status?: unknown } | null)?.status;
  return typeof status === 'string' ? status : 'firing';
}

/**
 * Anomaly events: validated as AnomalyEvent, indexed by the month or day of their `@timestamp`, `_id` = id + status.
 * The document is the event as received with its status made explicit, so `status : "firing"` finds every firing
 * event, also those of detectors that leave the default out.
 */
export function anomalyEncoding(naming: AnomalyNaming, period: AnomalyIndexPeriod): RecordEncoding {
  return {
    kind: 'anomaly',
    route: (consumed: ConsumedRecord): RecordRoute => {
      const parsed = AnomalyEvent.safeParse(consumed.record);
      if (!parsed.success) {
        const error = schemaProblems(parsed.error);
        return { ok: false, reason: DEAD_LETTER_REASONS.recordInvalid, errorType: 'schema_validation', error };
      }
      const event = parsed.data;
      const target = anomalyTarget(naming, period, event['@timestamp']);
      if (!target.ok) return { ok: false, reason: target.reason, errorType: 'schema_validation', error: target.error };
      const document = { ...(consumed.record as unknown as Record<string, unknown>), status: event.status };
      return { ok: true, index: target.index, id: anomalyDocumentId(event.id, event.status), document };
    },
    // Firing and resolved share the event id: each gets its own dead-letter entry.
    deadLetterId: (consumed) =>
      consumed.id === undefined ? undefined : `${consumed.id}:${rawStatus(consumed.record)}`,
  };
}

/** Stores the anomaly events of one consumed batch (see RecordStore). */
export class AnomalyStore extends RecordStore {
  constructor(options: AnomalyStoreOptions) {
    const { naming, period, ...rest } = options;
    super({ ...rest, encoding: anomalyEncoding(naming, period) });
  }
}
