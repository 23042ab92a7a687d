import type { IHeaders } from 'kafkajs';

// Per-record framing in a Kafka record batch (lengths, varints, attributes); generous on purpose.
const RECORD_OVERHEAD_BYTES = 64;

interface SizedMessage {
  key?: string | Buffer | null;
  value: string | Buffer;
  headers?: IHeaders;
}

function byteLength(value: string | Buffer | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/** Approximate size of a message inside a record batch. */
export function messageBytes(message: SizedMessage): number {
  let bytes = RECORD_OVERHEAD_BYTES + byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) bytes += Buffer.byteLength(name) + byteLength(v);
  }
  return bytes;
}

/**
 * Cuts messages, in order, into groups of at most `maxBytes`: the broker applies `message.max.bytes` to the record
 * batch kafkajs builds from all messages of one partition in one request, not to each message. A message larger than
 * the limit forms a group of its own (and the broker decides).
 */
export function splitIntoRequests<M extends SizedMessage>(messages: readonly M[], maxBytes: number): M[][] {
  const groups: M[][] = [];
  let current: M[] = [];
  let currentBytes = 0;
  for (const message of messages) {
    const bytes = messageBytes(message);
    if (current.length > 0 && currentBytes + bytes > maxBytes) {
      groups.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(message);
    currentBytes += bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
