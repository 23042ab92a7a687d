import { boundedDocumentId } from './bulk-encoder';
import { deadLetterIndexName, utcDay, type IndexNaming } from './index-naming';

/**
 * Where an anomaly event is written: `<prefix>-anomalies-YYYY.MM` (or `-YYYY.MM.DD`) from the event's `@timestamp`
 * (UTC), all behind alias `<prefix>-anomalies`. As with the daily log indices, the index is a function of the event,
 * so a redelivered event always lands in the index of its first delivery and its `create` collides (409).
 */
export type AnomalyIndexPeriod = 'month' | 'day';

export type AnomalyNaming = Pick<IndexNaming, 'prefix'>;

export type AnomalyTarget = { ok: true; index: string } | { ok: false; reason: 'timestamp_invalid'; error: string };

export function anomalyIndexName(naming: AnomalyNaming, period: string): string {
  return `${naming.prefix}-anomalies-${period}`;
}

export function anomalyIndexPattern(naming: AnomalyNaming): string {
  return `${naming.prefix}-anomalies-*`;
}

/** The alias every anomaly index joins (Kibana's `daytwo-anomalies*` data view reads it; never written to). */
export function anomalyAlias(naming: AnomalyNaming): string {
  return `${naming.prefix}-anomalies`;
}

export function anomalyDeadLetterIndexName(naming: AnomalyNaming): string {
  return deadLetterIndexName(naming, 'anomalies');
}

export function anomalyTarget(naming: AnomalyNaming, period: AnomalyIndexPeriod, timestamp: unknown): AnomalyTarget {
  const day = utcDay(timestamp);
  if (day === undefined) {
    const shown = JSON.stringify(timestamp)?.slice(0, 80) ?? 'undefined';
    return { ok: false, reason: 'timestamp_invalid', error: `@timestamp ${shown} is not a date` };
  }
  // `YYYY.MM.DD` → `YYYY.MM`
  return { ok: true, index: anomalyIndexName(naming, period === 'day' ? day : day.slice(0, 7)) };
}

/**
 * The `_id` of an anomaly event: its id and status. A detector sends the same id when an anomaly fires and when it
 * resolves: two documents, each stored once however often it is delivered.
 */
export function anomalyDocumentId(id: string, status: string): string {
  return boundedDocumentId(`${id}:${status}`);
}
