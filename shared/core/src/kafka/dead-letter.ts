import { isUtf8 } from 'node:buffer';
import { inspect } from 'node:util';
import type { IHeaders } from 'kafkajs';
import { z } from 'zod';
import type { MessageSender, OutgoingMessage } from './producer';

/** Reasons the core helpers use; services may add their own (the field is an open string). */
export const DEAD_LETTER_REASONS = {
  envelopeInvalid: 'envelope_invalid',
  kindUnexpected: 'kind_unexpected',
  recordInvalid: 'record_invalid',
  processingFailed: 'processing_failed',
  deliveryRejected: 'delivery_rejected',
} as const;

export const DeadLetterSource = z.object({
  topic: z.string().min(1),
  partition: z.number().int().nonnegative(),
  offset: z.string().min(1),
});
export type DeadLetterSource = z.infer<typeof DeadLetterSource>;

/** What lands on the dead-letter topic: enough to understand the failure and to replay the record. */
export const DeadLetterEntry = z.object({
  reason: z.string().min(1),
  error: z.string(),
  /** The service or processor that gave up on the record. */
  stage: z.string().min(1),
  source: DeadLetterSource,
  record_id: z.string().optional(),
  /** The record as received: text as is, binary as base64, an already parsed record as JSON. */
  raw: z.string(),
  raw_encoding: z.enum(['utf8', 'base64', 'json']),
  raw_bytes: z.number().int().nonnegative(),
  raw_truncated: z.boolean(),
  timestamp: z.string(),
});
export type DeadLetterEntry = z.infer<typeof DeadLetterEntry>;

export interface DeadLetterInput {
  reason: string;
  error: unknown;
  stage: string;
  source: DeadLetterSource;
  recordId?: string | undefined;
  /** Bytes or text of the message, or the parsed record that failed. */
  raw: Buffer | string | null | undefined | object;
  /** Headers of the source message; trace context is carried over. */
  headers?: IHeaders | undefined;
}

/** Keeps a dead-letter message, base64 included, under the broker's default 1 MiB message limit. */
export const DEFAULT_MAX_RAW_BYTES = 600 * 1024;

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}

function rawFields(
  raw: DeadLetterInput['raw'],
  maxBytes: number,
): Pick<DeadLetterEntry, 'raw' | 'raw_encoding' | 'raw_bytes' | 'raw_truncated'> {
  let bytes: Buffer;
  let encoding: DeadLetterEntry['raw_encoding'];
  if (raw === null || raw === undefined) {
    bytes = Buffer.alloc(0);
    encoding = 'utf8';
  } else if (Buffer.isBuffer(raw)) {
    bytes = raw;
    encoding = isUtf8(raw) ? 'utf8' : 'base64';
  } else if (typeof raw === 'string') {
    bytes = Buffer.from(raw, 'utf8');
    encoding = 'utf8';
  } else {
    let json: string | undefined;
    try {
      json = JSON.stringify(raw);
    } catch {
      json = undefined; // cycles or BigInt: fall back to the text form
    }
    bytes = Buffer.from(json ?? inspect(raw, { depth: 6 }), 'utf8');
    encoding = json === undefined ? 'utf8' : 'json';
  }
  const truncated = bytes.length > maxBytes;
  const kept = truncated ? bytes.subarray(0, maxBytes) : bytes;
  return {
    raw: kept.toString(encoding === 'base64' ? 'base64' : 'utf8'),
    raw_encoding: truncated && encoding === 'json' ? 'utf8' : encoding,
    raw_bytes: bytes.length,
    raw_truncated: truncated,
  };
}

export function buildDeadLetterEntry(
  input: DeadLetterInput,
  now: Date = new Date(),
  maxRawBytes = DEFAULT_MAX_RAW_BYTES,
): DeadLetterEntry {
  const entry: DeadLetterEntry = {
    reason: input.reason,
    error: errorText(input.error),
    stage: input.stage,
    source: { topic: input.source.topic, partition: input.source.partition, offset: input.source.offset },
    ...rawFields(input.raw, maxRawBytes),
    timestamp: now.toISOString(),
  };
  if (input.recordId !== undefined) entry.record_id = input.recordId;
  return entry;
}

/** The Kafka message for an entry: keyed by record id when known, else by the source position (stable on replay). */
export function deadLetterMessage(entry: DeadLetterEntry, sourceHeaders?: IHeaders): OutgoingMessage {
  const headers: IHeaders = {};
  for (const name of ['traceparent', 'tracestate']) {
    const value = sourceHeaders?.[name];
    if (value !== undefined) headers[name] = value;
  }
  const { topic, partition, offset } = entry.source;
  return {
    key: entry.record_id ?? `${topic}:${partition}:${offset}`,
    value: Buffer.from(JSON.stringify(entry)),
    headers,
  };
}

export interface DeadLetterPublisherOptions {
  topic: string;
  stage: string;
  maxRawBytes?: number;
}

/** Publishes dead-letter entries for one stage; resolves once Kafka acknowledged them. */
export class DeadLetterPublisher {
  constructor(
    private readonly sender: MessageSender,
    readonly options: DeadLetterPublisherOptions,
  ) {}

  get stage(): string {
    return this.options.stage;
  }

  async publish(inputs: readonly Omit<DeadLetterInput, 'stage'>[]): Promise<DeadLetterEntry[]> {
    const now = new Date();
    const entries = inputs.map((input) =>
      buildDeadLetterEntry({ ...input, stage: this.options.stage }, now, this.options.maxRawBytes),
    );
    await this.sender.send(
      this.options.topic,
      entries.map((entry, i) => deadLetterMessage(entry, inputs[i]?.headers)),
    );
    return entries;
  }
}
