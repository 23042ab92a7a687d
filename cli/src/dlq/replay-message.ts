import { createHash } from 'node:crypto';
import {
  decodeEnvelope,
  encodeEnvelope,
  TOPIC_BASE_NAMES,
  type DeadLetterEntry,
  type RecordKind,
  type RecordKinds,
} from '@daytwo/core';

/** The message that puts a dead-lettered record back on the topic of the stage that failed on it. */
export interface ReplayMessage {
  /** The dead-letter entry it comes from. */
  from: string;
  topic: string;
  partition: number;
  key: string;
  value: Buffer;
  recordId?: string;
}

/** Why an entry cannot be replayed. */
export interface ReplayRefusal {
  from: string;
  reason: string;
}

/** The record kind a pipeline topic carries, from its base name (whatever the prefix). */
export function kindOfTopic(topic: string): RecordKind | undefined {
  const is = (base: string) => topic === base || topic.endsWith(`.${base}`);
  if (is(TOPIC_BASE_NAMES.logsRaw) || is(TOPIC_BASE_NAMES.logsEnriched)) return 'log';
  if (is(TOPIC_BASE_NAMES.metricsRaw) || is(TOPIC_BASE_NAMES.metricsProcessed)) return 'metric';
  if (is(TOPIC_BASE_NAMES.anomalies)) return 'anomaly';
  return undefined;
}

function seriesKey(sample: { name?: unknown; labels?: unknown }): string {
  const labels = (typeof sample.labels === 'object' && sample.labels !== null ? sample.labels : {}) as Record<
    string,
    unknown
  >;
  const parts = [
    String(sample.name),
    ...Object.keys(labels)
      .sort()
      .flatMap((k) => [k, String(labels[k])]),
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** The key the pipeline gives such a record: pod uid for logs, series for metrics, event id for anomalies. */
function keyOf(kind: RecordKind, record: Record<string, unknown>, fallback: string): string {
  if (kind === 'log') {
    const uid = (record.kubernetes as { pod?: { uid?: unknown } } | undefined)?.pod?.uid;
    return typeof uid === 'string' && uid !== '' ? uid : fallback;
  }
  if (kind === 'metric') return seriesKey(record);
  return typeof record.id === 'string' ? record.id : fallback;
}

function asObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What to send for an entry. A record (JSON) goes back in an envelope of its own, with its id unchanged, so the
 * stages downstream recognise a record they already stored (Elasticsearch `create` answers 409). Raw message bytes
 * (an envelope the consumer could not read) go back as they were. Always to the partition it was read from.
 */
export function replayMessage(from: string, entry: DeadLetterEntry): ReplayMessage | ReplayRefusal {
  const { topic, partition } = entry.source;
  const kind = kindOfTopic(topic);
  if (kind === undefined) return { from, reason: `its source topic ${topic} is not a pipeline input topic` };
  if (entry.raw_truncated) {
    return { from, reason: `the stored record was cut at ${entry.raw.length} of ${entry.raw_bytes} bytes` };
  }
  const bytes = Buffer.from(entry.raw, entry.raw_encoding === 'base64' ? 'base64' : 'utf8');
  const fallbackKey = entry.record_id ?? `${topic}:${partition}:${entry.source.offset}`;
  const base = { from, topic, partition, ...(entry.record_id ? { recordId: entry.record_id } : {}) };
  let envelopeOk = false;
  try {
    decodeEnvelope(bytes);
    envelopeOk = true;
  } catch {
    envelopeOk = false;
  }
  if (envelopeOk) return { ...base, key: fallbackKey, value: bytes };
  const record = entry.raw_encoding === 'base64' ? undefined : asObject(bytes.toString('utf8'));
  if (record === undefined) return { ...base, key: fallbackKey, value: bytes };
  const value = encodeEnvelope(kind, [record as unknown as RecordKinds[typeof kind]]);
  return { ...base, key: keyOf(kind, record, fallbackKey), value };
}

export function isRefusal(m: ReplayMessage | ReplayRefusal): m is ReplayRefusal {
  return 'reason' in m;
}
