import { createHash } from 'node:crypto';

/**
 * One `create` of the bulk API, encoded once: the action line and the document, each ending in a newline. Retries
 * reuse the same bytes, and byte limits are measured on exactly what is sent.
 */
export interface BulkItem<T = unknown> {
  index: string;
  id: string;
  payload: string;
  /** UTF-8 bytes of `payload`. */
  bytes: number;
  /** What the caller needs back with the item's result (the source record). */
  ref: T;
}

export interface BulkLimits {
  maxDocs: number;
  maxBytes: number;
}

const MAX_ID_BYTES = 512;

/** An `_id` Elasticsearch accepts (at most 512 bytes): a longer id is replaced by its SHA-256, the same every time. */
export function boundedDocumentId(id: string): string {
  return Buffer.byteLength(id) <= MAX_ID_BYTES ? id : createHash('sha256').update(id).digest('hex');
}

export class BulkEncodeError extends Error {
  override name = 'BulkEncodeError';
}

/** `create` never overwrites: a document with the same `_id` already in the index answers 409. */
export function encodeCreate<T>(index: string, id: string, document: object, ref: T): BulkItem<T> {
  let source: string | undefined;
  try {
    source = JSON.stringify(document);
  } catch (err) {
    throw new BulkEncodeError(`document ${id} cannot be serialized: ${(err as Error).message}`);
  }
  if (source === undefined) throw new BulkEncodeError(`document ${id} cannot be serialized`);
  const payload = `${JSON.stringify({ create: { _index: index, _id: id } })}\n${source}\n`;
  return { index, id, payload, bytes: Buffer.byteLength(payload), ref };
}

export function bulkBody(items: readonly BulkItem[]): string {
  let body = '';
  for (const item of items) body += item.payload;
  return body;
}

/**
 * Cuts items into request-sized chunks, in order: at most `maxDocs` items and `maxBytes` bytes each, except that an
 * item larger than `maxBytes` travels alone (Elasticsearch decides whether it is too large).
 */
export function chunkItems<T>(items: readonly BulkItem<T>[], limits: BulkLimits): BulkItem<T>[][] {
  const chunks: BulkItem<T>[][] = [];
  let current: BulkItem<T>[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= limits.maxDocs || bytes + item.bytes > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
