import { isRfc3339Timestamp } from './timestamp';
import { isValidUtf8 } from './utf8';
import { parseFailure, type LogStream, type ParseFailureReason, type ParseResult } from './types';

/** One line of Docker's json-file driver: `{"log":"text\n","stream":"stdout","time":"2024-05-01T12:34:56.1Z"}`. */
export interface DockerJsonEntry {
  log: string;
  stream: LogStream;
  time: string;
}

const FAILURE_DETAIL: Partial<Record<ParseFailureReason, string>> = {
  empty_line: 'empty line',
  not_json: 'docker json-file line is not a JSON object',
  bad_field: 'docker json-file line lacks a string "log", a "stream" of stdout/stderr, or a "time"',
  bad_timestamp: 'docker json-file "time" is not an RFC 3339 timestamp',
};

export function describeDockerJsonFailure(reason: ParseFailureReason): string {
  return FAILURE_DETAIL[reason] ?? reason;
}

/** Validates one decoded line; returns the entry (the parsed object itself, extra keys kept) or the failure reason. */
export function scanDockerJson(text: string): DockerJsonEntry | ParseFailureReason {
  if (text.length === 0) return 'empty_line';
  // JSON.parse throws on the first non-JSON character, so a line that is not an object fails fast without it.
  if (text.charCodeAt(0) !== 0x7b) return 'not_json';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not_json';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not_json';
  const entry = value as Record<string, unknown>;
  const { log, stream, time } = entry;
  if (typeof log !== 'string' || (stream !== 'stdout' && stream !== 'stderr') || typeof time !== 'string') {
    return 'bad_field';
  }
  if (!isRfc3339Timestamp(time)) return 'bad_timestamp';
  return entry as unknown as DockerJsonEntry;
}

/** A `log` value without the trailing newline was split by Docker (lines over 16 KiB): more parts follow. */
export function isDockerPartial(log: string): boolean {
  return log.charCodeAt(log.length - 1) !== 0x0a;
}

/** Parses one json-file line (without or with its trailing newline). Never throws. */
export function parseDockerJsonLine(line: string | Buffer): ParseResult {
  let invalidUtf8 = false;
  let text: string;
  if (typeof line === 'string') {
    text = line;
  } else {
    invalidUtf8 = !isValidUtf8(line);
    text = line.toString('utf8');
  }
  if (text.charCodeAt(text.length - 1) === 0x0a) text = text.slice(0, -1);
  const entry = scanDockerJson(text);
  if (typeof entry === 'string') return parseFailure(entry, describeDockerJsonFailure(entry), line);
  const partial = isDockerPartial(entry.log);
  return {
    ok: true,
    line: {
      timestamp: entry.time,
      stream: entry.stream,
      partial,
      message: partial ? entry.log : entry.log.slice(0, -1),
      invalidUtf8,
    },
  };
}
