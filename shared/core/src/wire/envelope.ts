import { SCHEMA_VERSION } from '../schemas/version';
import type { LogRecord } from '../schemas/log-record';
import type { MetricSample } from '../schemas/metric-sample';
import type { AnomalyEvent } from '../schemas/anomaly-event';
import { expandLogRows, LogRowsError } from './log-rows-expand';

/** Version of the envelope layout itself (not of the records inside). */
export const ENVELOPE_VERSION = 1;

export interface RecordKinds {
  log: LogRecord;
  metric: MetricSample;
  anomaly: AnomalyEvent;
}
export type RecordKind = keyof RecordKinds;
export const RECORD_KINDS: readonly RecordKind[] = ['log', 'metric', 'anomaly'];

/**
 * One Kafka message carries a batch of records that share one key (pod uid, series hash), so order per source is kept
 * and the per-message overhead is paid once for hundreds of lines.
 */
export interface Envelope<K extends RecordKind = RecordKind> {
  v: number;
  kind: K;
  records: RecordKinds[K][];
}

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

// JSON has no NaN or infinities, and Prometheus needs them (NaN, ±Inf, StaleNaN): they travel as tagged strings.
const NON_FINITE: Record<string, number> = { NaN: NaN, '+Inf': Infinity, '-Inf': -Infinity };

function encodeNumber(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

export function encodeEnvelope<K extends RecordKind>(kind: K, records: readonly RecordKinds[K][]): Buffer {
  let body: readonly unknown[] = records;
  if (kind === 'metric') {
    body = (records as readonly MetricSample[]).map((s) =>
      Number.isFinite(s.value) ? s : { ...s, value: encodeNumber(s.value) },
    );
  }
  return Buffer.from(JSON.stringify({ v: ENVELOPE_VERSION, kind, records: body }));
}

/**
 * Decodes the envelope layout: `records`, or for logs also the compact `common` + `rows` layout (log-rows.ts), which
 * is expanded into whole records. Records are returned as they were sent: validating them against their schema is the
 * consumer's decision (see `validateRecords`), because a single bad record must not poison its whole batch.
 */
export function decodeEnvelope(value: Buffer | string): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    throw new EnvelopeError(`envelope is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new EnvelopeError('envelope is not an object');
  const { v, kind, records } = parsed as Record<string, unknown>;
  if (v !== ENVELOPE_VERSION) throw new EnvelopeError(`unsupported envelope version ${String(v)}`);
  if (typeof kind !== 'string' || !(RECORD_KINDS as readonly string[]).includes(kind)) {
    throw new EnvelopeError(`unknown record kind ${String(kind)}`);
  }
  if (!Array.isArray(records)) {
    const { rows, common, fields } = parsed as Record<string, unknown>;
    if (kind !== 'log' || rows === undefined) throw new EnvelopeError('envelope has no records array');
    // The compact log layout (see log-rows.ts): expanded here, so consumers always get whole records.
    try {
      return { v, kind, records: expandLogRows(common, fields, rows) as unknown as LogRecord[] };
    } catch (err) {
      if (err instanceof LogRowsError) throw new EnvelopeError(`compact log envelope: ${err.message}`);
      throw err;
    }
  }
  if (kind === 'metric') {
    for (const r of records as Array<Record<string, unknown>>) {
      const val = r?.['value'];
      if (typeof val === 'string' && val in NON_FINITE) r['value'] = NON_FINITE[val];
    }
  }
  return { v, kind: kind as RecordKind, records: records as RecordKinds[RecordKind][] };
}

/** The stable id a record got at its source. */
export function recordId(kind: RecordKind, record: unknown): string | undefined {
  const r = record as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') return undefined;
  const id = kind === 'log' ? (r['event'] as Record<string, unknown> | undefined)?.['id'] : r['id'];
  return typeof id === 'string' ? id : undefined;
}

export { SCHEMA_VERSION };
