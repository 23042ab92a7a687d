import { createHash } from 'node:crypto';
import {
  encodeEnvelopes,
  type EnvelopeLimits,
  type LogRecord,
  type MetricSample,
  type OutgoingMessage,
  type RecordKinds,
} from '@daytwo/core';
import type { PipelineKind, PipelineRecords } from '@daytwo/processor-api';
import type { IHeaders } from 'kafkajs';
import type { OriginIndex } from './origins';

/** Fallback key of a sample whose source message is unknown: a hash of its name and sorted labels. */
export function seriesFallbackKey(sample: MetricSample): string {
  const parts: string[] = [sample.name];
  for (const name of Object.keys(sample.labels).sort()) parts.push(name, sample.labels[name]!);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/**
 * The Kafka key of an output record: the key of the message it came from (pod uid for logs, series key for
 * metrics), so the order per key survives the processor. A record that cannot be traced back (a derived id that does
 * not follow deriveRecordId) is keyed by its pod uid, or by its series.
 */
export function outputKey(kind: PipelineKind, record: unknown, origins: OriginIndex): string {
  const key = origins.find(record)?.key;
  if (key !== undefined && key !== null) return key;
  if (kind === 'log') return (record as LogRecord).kubernetes?.pod?.uid ?? '';
  return seriesFallbackKey(record as MetricSample);
}

/** Groups records by key, in order, and envelopes each group into as few messages as the limits allow. */
export function outputMessages<K extends PipelineKind>(
  kind: K,
  records: readonly PipelineRecords[K][],
  origins: OriginIndex,
  limits: EnvelopeLimits,
  headers: IHeaders,
): OutgoingMessage[] {
  const groups = new Map<string, PipelineRecords[K][]>();
  for (const record of records) {
    const key = outputKey(kind, record, origins);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  const messages: OutgoingMessage[] = [];
  for (const [key, group] of groups) {
    // PipelineRecords[K] is RecordKinds[K] for the two pipeline kinds.
    const values = encodeEnvelopes(kind, group as unknown as readonly RecordKinds[K][], limits);
    for (const value of values) messages.push({ key, value, headers });
  }
  return messages;
}
