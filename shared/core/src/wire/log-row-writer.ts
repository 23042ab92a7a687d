import {
  jsonStringMaxBytes,
  MAX_JSON_BYTES_PER_BYTE,
  writeDecimal,
  writeHex16,
  writeJsonString,
  wordBytes,
  writeJsonStringBytes,
  type WordBytes,
} from './json-bytes';
import { LOG_ENVELOPE_TAIL, logEnvelopeHead, LogRows, type LogEnvelopeLimits, type LogRowsCommon } from './log-rows';
import type { RowBufferPool } from './row-buffer-pool';

export type LogRowStream = 'stdout' | 'stderr';

/** The per-record values of a row (LOG_ROW_FIELDS), already decoded. */
export interface LogRowValues {
  id: string;
  offset?: number | undefined;
  timestamp: string;
  stream?: LogRowStream | undefined;
  message: string;
  flags?: readonly string[] | undefined;
}

export interface LogRowWriterOptions {
  /** First buffer size; later ones are sized after the rows taken last. */
  initialBytes?: number;
  /** Write the rows inside complete envelopes of these limits, which can then be sent without a copy. */
  envelopes?: LogEnvelopeLimits;
  /** Where the buffers come from; LogRows.release gives them back. Without, every take leaves its buffer to the GC. */
  pool?: RowBufferPool;
}

const STREAM_JSON: Record<LogRowStream, Buffer> = {
  stdout: Buffer.from('"stdout"', 'latin1'),
  stderr: Buffer.from('"stderr"', 'latin1'),
};
const NULL = Buffer.from('null', 'latin1');
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const COMMA = 0x2c;
const QUOTE = 0x22;
const NO_BUFFER = Buffer.alloc(0);
/** Room for the brackets, commas, quotes, an offset and a stream of one row. */
const ROW_FRAME_BYTES = 64;

/**
 * Writes the rows of one file's records straight into a Buffer, from the bytes of the lines they were read from when
 * possible: no record object and no intermediate string per line. With envelope limits, the rows are written inside
 * complete compact envelopes (head, rows, tail), cut at the limits. `take` hands the rows written so far over as
 * LogRows, buffer included; the next row starts a new buffer (sized after the last one, so a steady stream of chunks
 * does not regrow it), from the pool when there is one. A writer with nothing written holds no buffer.
 */
export class LogRowWriter {
  readonly commonJson: string;
  private readonly limits: LogEnvelopeLimits | undefined;
  private readonly head: Buffer;
  private readonly initialBytes: number;
  private readonly pool: RowBufferPool | undefined;
  /** Bytes of the rows last taken: what the next buffer should hold. */
  private expectedBytes = 0;
  private buffer: Buffer = NO_BUFFER;
  private out: WordBytes = wordBytes(NO_BUFFER);
  /** The last source of appendBytes: a chunk holds many lines. */
  private source: WordBytes = wordBytes(Buffer.alloc(0));
  private position = 0;
  private starts: number[] = [];
  private ends: number[] = [];
  /** [start, end) of each closed envelope in the buffer. */
  private envelopes: number[] = [];
  /** Where the open envelope starts, -1 when none is open. */
  private envelopeStart = -1;
  private envelopeRows = 0;

  constructor(common: LogRowsCommon, options: LogRowWriterOptions = {}) {
    this.commonJson = JSON.stringify(common);
    this.limits = options.envelopes;
    this.head = logEnvelopeHead(this.commonJson);
    this.initialBytes = options.initialBytes ?? 64 * 1024;
    this.pool = options.pool;
  }

  get rows(): number {
    return this.ends.length;
  }

  /**
   * A row whose timestamp and message are byte ranges of `src`, which must be valid UTF-8 (they are copied, escaped
   * where JSON needs it), and whose id is `idPrefix` (ASCII without characters to escape) followed by `offset` as 16
   * lowercase hex digits.
   */
  appendBytes(
    idPrefix: Buffer,
    offset: number,
    src: Buffer,
    timestampStart: number,
    timestampEnd: number,
    stream: LogRowStream,
    messageStart: number,
    messageEnd: number,
  ): void {
    const bytes = (timestampEnd - timestampStart + messageEnd - messageStart) * MAX_JSON_BYTES_PER_BYTE;
    const out = this.reserve(ROW_FRAME_BYTES + idPrefix.length + 16 + bytes);
    const start = this.openRow(out);
    if (this.source.bytes !== src) this.source = wordBytes(src);
    const source = this.source;
    const words = this.out;
    let p = start + 1;
    out[p++] = QUOTE;
    for (let i = 0; i < idPrefix.length; i++) out[p++] = idPrefix[i]!;
    p = writeHex16(out, p, offset);
    out[p++] = QUOTE;
    out[p++] = COMMA;
    p = writeDecimal(out, p, offset);
    out[p++] = COMMA;
    out[p++] = QUOTE;
    p = writeJsonStringBytes(words, p, source, timestampStart, timestampEnd);
    out[p++] = QUOTE;
    out[p++] = COMMA;
    // Byte by byte: a Buffer copy call costs more than these few stores.
    const streamJson = STREAM_JSON[stream];
    for (let i = 0; i < streamJson.length; i++) out[p++] = streamJson[i]!;
    out[p++] = COMMA;
    out[p++] = QUOTE;
    p = writeJsonStringBytes(words, p, source, messageStart, messageEnd);
    out[p++] = QUOTE;
    this.closeRow(out, start, p);
  }

  /** A row from decoded values. */
  append(values: LogRowValues): void {
    const { id, offset, timestamp, stream, message, flags } = values;
    let room = ROW_FRAME_BYTES + jsonStringMaxBytes(id) + jsonStringMaxBytes(timestamp) + jsonStringMaxBytes(message);
    for (const flag of flags ?? []) room += jsonStringMaxBytes(flag) + 1;
    const out = this.reserve(room);
    const start = this.openRow(out);
    let p = writeJsonString(out, start + 1, id);
    out[p++] = COMMA;
    p = offset === undefined ? p + NULL.copy(out, p) : writeDecimal(out, p, offset);
    out[p++] = COMMA;
    p = writeJsonString(out, p, timestamp);
    out[p++] = COMMA;
    p += (stream === undefined ? NULL : STREAM_JSON[stream]).copy(out, p);
    out[p++] = COMMA;
    p = writeJsonString(out, p, message);
    if (flags !== undefined && flags.length > 0) {
      out[p++] = COMMA;
      out[p++] = OPEN;
      for (let i = 0; i < flags.length; i++) {
        if (i > 0) out[p++] = COMMA;
        p = writeJsonString(out, p, flags[i]!);
      }
      out[p++] = CLOSE;
    }
    this.closeRow(out, start, p);
  }

  /** The rows written since the last call (inside closed envelopes, with limits). */
  take(): LogRows {
    if (this.ends.length === 0) return LogRows.empty(this.commonJson);
    let built;
    if (this.limits !== undefined) {
      this.closeEnvelope(this.buffer);
      const values: Buffer[] = [];
      for (let k = 0; k < this.envelopes.length; k += 2) {
        values.push(this.buffer.subarray(this.envelopes[k], this.envelopes[k + 1]));
      }
      built = { values, limits: this.limits };
    }
    const pool = this.pool;
    const recycle = pool === undefined ? undefined : (buffer: Buffer) => pool.give(buffer);
    const rows = new LogRows(this.commonJson, this.buffer, this.starts, this.ends, built, recycle);
    this.expectedBytes = this.position;
    this.buffer = NO_BUFFER;
    this.out = wordBytes(NO_BUFFER);
    this.position = 0;
    this.starts = [];
    this.ends = [];
    this.envelopes = [];
    return rows;
  }

  /** The buffer, with room for `bytes` more (and an envelope boundary) after the position. */
  private reserve(bytes: number): Buffer {
    const need = this.position + bytes + this.head.length + LOG_ENVELOPE_TAIL.length + 1;
    if (need > this.buffer.length) {
      const old = this.buffer;
      const grown = this.allocate(old === NO_BUFFER ? need : Math.max(old.length * 2, need));
      old.copy(grown, 0, 0, this.position);
      // Nothing but this writer has seen the old buffer.
      if (old !== NO_BUFFER) this.pool?.give(old);
      this.buffer = grown;
      this.out = wordBytes(grown);
    }
    return this.buffer;
  }

  /** A buffer of at least `need` bytes; a first one also of the expected size, with a quarter to spare. */
  private allocate(need: number): Buffer {
    const expected = this.position === 0 ? this.expectedBytes : 0;
    const spare = Math.max(this.initialBytes, expected + (expected >> 2), need);
    return this.pool === undefined ? Buffer.allocUnsafe(spare) : this.pool.take(Math.max(expected, need), spare);
  }

  /** Writes what comes before a row (comma, or envelope head); returns where the row's `[` goes, and writes it. */
  private openRow(out: Buffer): number {
    const limits = this.limits;
    let p = this.position;
    if (limits !== undefined) {
      if (this.envelopeStart >= 0 && this.envelopeRows >= limits.maxRecords) p = this.closeEnvelope(out);
      if (this.envelopeStart < 0) {
        this.envelopeStart = p;
        this.envelopeRows = 0;
        p += this.head.copy(out, p);
      } else {
        out[p++] = COMMA;
      }
    } else if (this.ends.length > 0) {
      out[p++] = COMMA;
    }
    out[p] = OPEN;
    return p;
  }

  private closeRow(out: Buffer, start: number, end: number): void {
    out[end++] = CLOSE;
    const limits = this.limits;
    if (
      limits !== undefined &&
      this.envelopeRows > 0 &&
      end + LOG_ENVELOPE_TAIL.length - this.envelopeStart > limits.maxBytes
    ) {
      // The row does not fit in the open envelope: move it into a new one, the comma before it becoming the tail.
      const length = end - start;
      const boundary = start - 1;
      const moved = boundary + LOG_ENVELOPE_TAIL.length + this.head.length;
      out.copyWithin(moved, start, end);
      this.position = boundary;
      this.closeEnvelope(out);
      this.envelopeStart = this.position;
      this.envelopeRows = 0;
      this.head.copy(out, this.position);
      start = moved;
      end = moved + length;
    }
    this.position = end;
    this.starts.push(start);
    this.ends.push(end);
    this.envelopeRows++;
  }

  /** Writes the tail of the open envelope at the position; returns the position after it. */
  private closeEnvelope(out: Buffer): number {
    if (this.envelopeStart < 0) return this.position;
    this.position += LOG_ENVELOPE_TAIL.copy(out, this.position);
    this.envelopes.push(this.envelopeStart, this.position);
    this.envelopeStart = -1;
    return this.position;
  }
}
