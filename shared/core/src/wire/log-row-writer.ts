import {
  jsonStringMaxBytes,
  MAX_JSON_BYTES_PER_BYTE,
  writeDecimal,
  writeJsonString,
  writeJsonStringBytes,
} from './json-bytes';
import { LogRows, type LogRowsCommon } from './log-rows';

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

const STREAM_JSON: Record<LogRowStream, Buffer> = {
  stdout: Buffer.from('"stdout"', 'latin1'),
  stderr: Buffer.from('"stderr"', 'latin1'),
};
const NULL = Buffer.from('null', 'latin1');
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const COMMA = 0x2c;
const QUOTE = 0x22;
/** Room for the brackets, commas, quotes, an offset and a stream of one row. */
const ROW_FRAME_BYTES = 64;

/**
 * Writes the rows of one file's records straight into a Buffer, from the bytes of the lines they were read from when
 * possible: no record object and no intermediate string per line. `take` hands the rows written so far over as
 * LogRows and starts a new buffer (sized after the last one, so a steady stream of chunks does not regrow it).
 */
export class LogRowWriter {
  readonly commonJson: string;
  private buffer: Buffer;
  private position = 0;
  private ends: number[] = [];

  constructor(
    common: LogRowsCommon,
    private readonly initialBytes = 64 * 1024,
  ) {
    this.commonJson = JSON.stringify(common);
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  get rows(): number {
    return this.ends.length;
  }

  /**
   * A row whose timestamp and message are byte ranges of `src`, which must be valid UTF-8 (they are copied, escaped
   * where JSON needs it).
   */
  appendBytes(
    id: string,
    offset: number,
    src: Buffer,
    timestampStart: number,
    timestampEnd: number,
    stream: LogRowStream,
    messageStart: number,
    messageEnd: number,
  ): void {
    const room =
      ROW_FRAME_BYTES +
      jsonStringMaxBytes(id) +
      (timestampEnd - timestampStart + messageEnd - messageStart) * MAX_JSON_BYTES_PER_BYTE;
    const out = this.reserve(room);
    let p = this.openRow(out);
    p = writeJsonString(out, p, id);
    out[p++] = COMMA;
    p = writeDecimal(out, p, offset);
    out[p++] = COMMA;
    out[p++] = QUOTE;
    p = writeJsonStringBytes(out, p, src, timestampStart, timestampEnd);
    out[p++] = QUOTE;
    out[p++] = COMMA;
    // Byte by byte: a Buffer copy call costs more than these few stores.
    const streamJson = STREAM_JSON[stream];
    for (let i = 0; i < streamJson.length; i++) out[p++] = streamJson[i]!;
    out[p++] = COMMA;
    out[p++] = QUOTE;
    p = writeJsonStringBytes(out, p, src, messageStart, messageEnd);
    out[p++] = QUOTE;
    this.closeRow(out, p);
  }

  /** A row from decoded values. */
  append(values: LogRowValues): void {
    const { id, offset, timestamp, stream, message, flags } = values;
    let room = ROW_FRAME_BYTES + jsonStringMaxBytes(id) + jsonStringMaxBytes(timestamp) + jsonStringMaxBytes(message);
    for (const flag of flags ?? []) room += jsonStringMaxBytes(flag) + 1;
    const out = this.reserve(room);
    let p = this.openRow(out);
    p = writeJsonString(out, p, id);
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
    this.closeRow(out, p);
  }

  /** The rows written since the last call. */
  take(): LogRows {
    if (this.ends.length === 0) return LogRows.empty(this.commonJson);
    const rows = new LogRows(this.commonJson, this.buffer.subarray(0, this.position), this.ends);
    const next = Math.max(this.initialBytes, this.position + (this.position >> 2));
    this.buffer = Buffer.allocUnsafe(next);
    this.position = 0;
    this.ends = [];
    return rows;
  }

  private reserve(bytes: number): Buffer {
    if (this.position + bytes > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + bytes));
      this.buffer.copy(grown, 0, 0, this.position);
      this.buffer = grown;
    }
    return this.buffer;
  }

  private openRow(out: Buffer): number {
    let p = this.position;
    if (this.ends.length > 0) out[p++] = COMMA;
    out[p++] = OPEN;
    return p;
  }

  private closeRow(out: Buffer, p: number): void {
    out[p++] = CLOSE;
    this.position = p;
    this.ends.push(p);
  }
}
