import type { IHeaders, KafkaMessage } from 'kafkajs';
import { decodeEnvelope, recordId, type RecordKind, type RecordKinds } from '../wire/envelope';
import { DEAD_LETTER_REASONS } from './dead-letter';

/** Where a record came from: its Kafka message. Shared by all records of that message. */
export interface MessageOrigin {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: IHeaders;
  timestamp: string;
}

export type ConsumedRecord = {
  [K in RecordKind]: { kind: K; record: RecordKinds[K]; id: string | undefined; origin: MessageOrigin };
}[RecordKind];

export type DecodedMessage =
  | { ok: true; origin: MessageOrigin; records: ConsumedRecord[] }
  | { ok: false; origin: MessageOrigin; reason: string; error: string; raw: Buffer | null };

/**
 * Turns one fetched message into records, or into the reason it must be dead-lettered. Records are not validated
 * against their schema here: that is the handler's call, per record.
 */
export function decodeMessage(
  topic: string,
  partition: number,
  message: KafkaMessage,
  expectedKinds?: readonly RecordKind[],
): DecodedMessage {
  const origin: MessageOrigin = {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
  const raw = message.value;
  if (raw === null) {
    return { ok: false, origin, reason: DEAD_LETTER_REASONS.envelopeInvalid, error: 'message has no value', raw };
  }
  let envelope;
  try {
    envelope = decodeEnvelope(raw);
  } catch (err) {
    return { ok: false, origin, reason: DEAD_LETTER_REASONS.envelopeInvalid, error: (err as Error).message, raw };
  }
  const { kind } = envelope;
  if (expectedKinds && !expectedKinds.includes(kind)) {
    const error = `record kind ${kind} is not one of ${expectedKinds.join(', ')}`;
    return { ok: false, origin, reason: DEAD_LETTER_REASONS.kindUnexpected, error, raw };
  }
  const records = envelope.records.map(
    (record) => ({ kind, record, id: recordId(kind, record), origin }) as ConsumedRecord,
  );
  return { ok: true, origin, records };
}
