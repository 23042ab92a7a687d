import { isRfc3339TimestampBytes } from './timestamp';
import { decodeUtf8 } from './utf8';
import { parseFailure, type LogStream, type ParseFailureReason, type ParseResult } from './types';

const SPACE = 0x20;
const COLON = 0x3a;
/** `2006-01-02T15:04:05.999999999-07:00` is the longest RFC3339Nano timestamp. */
const MAX_TIMESTAMP_LENGTH = 35;

/**
 * The fields before the message of a CRI line; filled in place by `scanCriHeaderAt` so the hot path allocates nothing.
 * Positions are indexes into the scanned buffer.
 */
export interface CriHeader {
  /** The timestamp text; filled by `scanCriHeader` only (the hot path copies the bytes up to `timestampEnd`). */
  timestamp: string;
  /** End of the timestamp, which starts the line. */
  timestampEnd: number;
  stream: LogStream;
  partial: boolean;
  /** Index of the first message byte (equal to the line end for an empty message). */
  messageStart: number;
}

export function createCriHeader(): CriHeader {
  return { timestamp: '', timestampEnd: 0, stream: 'stdout', partial: false, messageStart: 0 };
}

/**
 * Scans `<timestamp> <stdout|stderr> <P|F>[:flag...] <message>` in `line[start, end)` (without the newline).
 * Returns the failure reason, or undefined when `header` was filled (all but `timestamp`).
 */
export function scanCriHeaderAt(
  line: Buffer,
  start: number,
  end: number,
  header: CriHeader,
): ParseFailureReason | undefined {
  if (end === start) return 'empty_line';
  const limit = Math.min(end, start + MAX_TIMESTAMP_LENGTH + 1);
  let sp = start;
  while (sp < limit && line[sp] !== SPACE) sp++;
  if (sp === limit || !isRfc3339TimestampBytes(line, start, sp)) return 'bad_timestamp';

  const s = sp + 1;
  let stream: LogStream;
  if (end < s + 6 || line[s] !== 0x73 || line[s + 1] !== 0x74 || line[s + 2] !== 0x64) return 'bad_stream';
  // "std" + "out" or "err", then a space (or the end of a line that lacks the tag)
  if (line[s + 3] === 0x6f && line[s + 4] === 0x75 && line[s + 5] === 0x74) stream = 'stdout';
  else if (line[s + 3] === 0x65 && line[s + 4] === 0x72 && line[s + 5] === 0x72) stream = 'stderr';
  else return 'bad_stream';
  if (end > s + 6 && line[s + 6] !== SPACE) return 'bad_stream';

  const t = s + 7;
  const flag = t < end ? line[t] : undefined;
  if (flag !== 0x50 && flag !== 0x46) return 'bad_tag'; // P, F
  // Further `:`-separated flags are allowed and ignored; the tag field ends at the next space (or the line end).
  let tagEnd = t + 1;
  if (tagEnd < end && line[tagEnd] === COLON) {
    while (tagEnd < end && line[tagEnd] !== SPACE) tagEnd++;
  } else if (tagEnd < end && line[tagEnd] !== SPACE) {
    return 'bad_tag';
  }
  header.timestampEnd = sp;
  header.stream = stream;
  header.partial = flag === 0x50;
  header.messageStart = tagEnd < end ? tagEnd + 1 : end;
  return undefined;
}

/** scanCriHeaderAt of `line[0, end)`, with the timestamp text filled in too. */
export function scanCriHeader(line: Buffer, end: number, header: CriHeader): ParseFailureReason | undefined {
  const failure = scanCriHeaderAt(line, 0, end, header);
  if (failure === undefined) header.timestamp = line.toString('latin1', 0, header.timestampEnd);
  return failure;
}

const FAILURE_DETAIL: Partial<Record<ParseFailureReason, string>> = {
  empty_line: 'empty line',
  bad_timestamp: 'CRI line does not start with an RFC 3339 timestamp',
  bad_stream: 'CRI stream field is not stdout or stderr',
  bad_tag: 'CRI tag field is not P or F (optionally followed by :flags)',
};

export function describeCriFailure(reason: ParseFailureReason): string {
  return FAILURE_DETAIL[reason] ?? reason;
}

/** Parses one CRI log line (without or with its trailing newline). Never throws. */
export function parseCriLine(line: string | Buffer): ParseResult {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  const header = createCriHeader();
  const reason = scanCriHeader(bytes, end, header);
  if (reason !== undefined) return parseFailure(reason, describeCriFailure(reason), line);
  const { text, invalidUtf8 } = decodeUtf8(bytes, header.messageStart, end);
  return {
    ok: true,
    line: { timestamp: header.timestamp, stream: header.stream, partial: header.partial, message: text, invalidUtf8 },
  };
}
