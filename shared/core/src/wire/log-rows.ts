import type { LogRecord } from '../schemas/log-record';
import { ENVELOPE_VERSION } from './envelope';
import { compileRowFields, expandLogRow, type RowFieldPath } from './log-rows-expand';

/**
 * The compact layout of a log envelope: what all its records share (one container's file: path, pod, node...) is
 * sent once as `common`, each record as a row of the per-record fields, in this order. A row may be shorter (the
 * missing trailing fields are absent) and `null` means absent too.
 *
 *   {"v":1,"kind":"log","common":{...},"fields":["event.id",...],"rows":[["<id>",<offset>,"<@timestamp>",...],...]}
 *
 * decodeEnvelope expands it to full LogRecords, so consumers see the same records as with the `records` layout.
 */
export const LOG_ROW_FIELDS = ['event.id', 'log.offset', '@timestamp', 'stream', 'message', 'log.flags'] as const;

/** The part of a log record that every row of an envelope shares. */
export type LogRowsCommon = Omit<LogRecord, '@timestamp' | 'message' | 'stream' | 'event'>;

export interface LogEnvelopeLimits {
  maxRecords: number;
  /** Target upper bound of one envelope; a single row larger than this still travels alone. */
  maxBytes: number;
}

const FIELDS_JSON = JSON.stringify(LOG_ROW_FIELDS);
export const LOG_ENVELOPE_TAIL = Buffer.from(']}', 'latin1');
const COMMA = 0x2c;
let rowFieldPaths: RowFieldPath[] | undefined;

/** The bytes before the first row of an envelope with this common part. */
export function logEnvelopeHead(commonJson: string): Buffer {
  return Buffer.from(`{"v":${ENVELOPE_VERSION},"kind":"log","common":${commonJson},"fields":${FIELDS_JSON},"rows":[`);
}

/** Envelopes the writer already built around the rows, and the limits it built them within. */
export interface BuiltEnvelopes {
  values: readonly Buffer[];
  limits: LogEnvelopeLimits;
}

/**
 * Encoded rows of one file: row i is the JSON text `buffer[starts[i], ends[i])`. When the writer was given envelope
 * limits, the rows already sit inside complete envelopes (`built`) that can be sent as they are; otherwise
 * encodeLogRowEnvelopes copies them into envelopes. Iterating decodes them into LogRecords (tests, fallbacks).
 */
export class LogRows implements Iterable<LogRecord> {
  private recycle: ((buffer: Buffer) => void) | undefined;

  constructor(
    /** JSON text of the common part. */
    readonly commonJson: string,
    readonly buffer: Buffer,
    private readonly starts: readonly number[],
    private readonly ends: readonly number[],
    readonly built?: BuiltEnvelopes,
    /** Takes the buffer back on `release` (a RowBufferPool), to write other rows into it. */
    recycle?: (buffer: Buffer) => void,
  ) {
    this.recycle = recycle;
  }

  /**
   * The rows are no longer needed (nor any slice or envelope of them): their buffer may be written again. Only the
   * owner of the rows calls this, once they were sent for good (the collector: when Kafka acknowledged them).
   */
  release(): void {
    const recycle = this.recycle;
    this.recycle = undefined;
    recycle?.(this.buffer);
  }

  static empty(commonJson: string): LogRows {
    return new LogRows(commonJson, Buffer.alloc(0), [], []);
  }

  get length(): number {
    return this.ends.length;
  }

  rowStart(i: number): number {
    return this.starts[i]!;
  }

  rowEnd(i: number): number {
    return this.ends[i]!;
  }

  /** Rows `from` to `to` (exclusive) as LogRows of their own (sharing the bytes, not the envelopes). */
  slice(from: number, to: number): LogRows {
    to = Math.min(to, this.length);
    if (from >= to) return LogRows.empty(this.commonJson);
    return new LogRows(this.commonJson, this.buffer, this.starts.slice(from, to), this.ends.slice(from, to));
  }

  /** Row `i` decoded into a LogRecord. */
  record(i: number): LogRecord {
    return this.decodeRow(JSON.parse(this.commonJson) as unknown, i);
  }

  *[Symbol.iterator](): Iterator<LogRecord> {
    const common = JSON.parse(this.commonJson) as unknown;
    for (let i = 0; i < this.ends.length; i++) yield this.decodeRow(common, i);
  }

  private decodeRow(common: unknown, i: number): LogRecord {
    rowFieldPaths ??= compileRowFields(LOG_ROW_FIELDS);
    const row = JSON.parse(this.buffer.toString('utf8', this.rowStart(i), this.rowEnd(i))) as unknown[];
    return expandLogRow(common, rowFieldPaths, row) as LogRecord;
  }
}

interface Piece {
  rows: LogRows;
  from: number;
  to: number;
}

/** Whether envelopes built within `built` also keep within `limits`. */
function fitsLimits(built: BuiltEnvelopes | undefined, limits: LogEnvelopeLimits): built is BuiltEnvelopes {
  return (
    built !== undefined && built.limits.maxRecords <= limits.maxRecords && built.limits.maxBytes <= limits.maxBytes
  );
}

/**
 * The envelopes of `parts`, in order: those the writer built (within these limits) as they are, the others copied
 * into compact envelopes of at most `maxRecords` rows and (unless one row alone is larger) `maxBytes` bytes. Rows of
 * different common parts (other files) go into different envelopes.
 */
export function encodeLogRowEnvelopes(parts: readonly LogRows[], limits: LogEnvelopeLimits): Buffer[] {
  if (!(limits.maxRecords >= 1) || !(limits.maxBytes >= 1)) throw new RangeError('envelope limits must be positive');
  const out: Buffer[] = [];
  let pieces: Piece[] = [];
  let common = '';
  let head: Buffer = LOG_ENVELOPE_TAIL;
  let rows = 0;
  let bytes = 0;
  const flush = () => {
    if (rows > 0) out.push(joinEnvelope(head, pieces, bytes));
    pieces = [];
    rows = 0;
    bytes = head.length + LOG_ENVELOPE_TAIL.length;
  };
  for (const part of parts) {
    if (part.length === 0) continue;
    if (fitsLimits(part.built, limits)) {
      flush();
      out.push(...part.built.values);
      continue;
    }
    if (rows === 0 || part.commonJson !== common) {
      flush();
      common = part.commonJson;
      head = logEnvelopeHead(common);
      bytes = head.length + LOG_ENVELOPE_TAIL.length;
    }
    for (let i = 0; i < part.length; i++) {
      const rowBytes = part.rowEnd(i) - part.rowStart(i) + 1;
      if (rows > 0 && (rows >= limits.maxRecords || bytes + rowBytes > limits.maxBytes)) flush();
      const last = pieces[pieces.length - 1];
      // Rows written one after the other are one piece (their commas included).
      if (last?.rows === part && last.to === i && part.rowStart(i) === part.rowEnd(i - 1) + 1) last.to = i + 1;
      else pieces.push({ rows: part, from: i, to: i + 1 });
      rows++;
      bytes += rowBytes;
    }
  }
  flush();
  return out;
}

function joinEnvelope(head: Buffer, pieces: readonly Piece[], bytes: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  let p = head.copy(out, 0);
  for (let k = 0; k < pieces.length; k++) {
    const { rows, from, to } = pieces[k]!;
    if (k > 0) out[p++] = COMMA;
    p += rows.buffer.copy(out, p, rows.rowStart(from), rows.rowEnd(to - 1));
  }
  p += LOG_ENVELOPE_TAIL.copy(out, p);
  return out.subarray(0, p);
}
