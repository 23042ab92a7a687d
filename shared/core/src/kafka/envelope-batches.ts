import { encodeEnvelope, type RecordKind, type RecordKinds } from '../wire/envelope';

export interface EnvelopeLimits {
  /** At most this many records per Kafka message. */
  maxRecords: number;
  /** Target upper bound of one encoded message; a single record larger than this still travels alone. */
  maxBytes: number;
}

/**
 * Cuts records into envelopes of at most `maxRecords` records and (unless one record alone is larger) `maxBytes`
 * bytes, keeping their order. Each chunk is encoded once in the common case; an oversized chunk is cut into as many
 * equal parts as its size asks for.
 */
export function encodeEnvelopes<K extends RecordKind>(
  kind: K,
  records: readonly RecordKinds[K][],
  limits: EnvelopeLimits,
): Buffer[] {
  if (!(limits.maxRecords >= 1) || !(limits.maxBytes >= 1)) {
    throw new RangeError('envelope limits must be positive');
  }
  const out: Buffer[] = [];
  for (let i = 0; i < records.length; i += limits.maxRecords) {
    encodeWithin(kind, records.slice(i, i + limits.maxRecords), limits.maxBytes, out);
  }
  return out;
}

function encodeWithin<K extends RecordKind>(
  kind: K,
  records: readonly RecordKinds[K][],
  maxBytes: number,
  out: Buffer[],
): void {
  const encoded = encodeEnvelope(kind, records);
  if (encoded.length <= maxBytes || records.length === 1) {
    out.push(encoded);
    return;
  }
  const parts = Math.min(records.length, Math.ceil(encoded.length / maxBytes));
  const size = Math.ceil(records.length / parts);
  for (let i = 0; i < records.length; i += size) encodeWithin(kind, records.slice(i, i + size), maxBytes, out);
}
