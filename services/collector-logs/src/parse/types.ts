/** The two container output streams; each has its own partial-line and multiline state. */
export type LogStream = 'stdout' | 'stderr';

/** On-disk container log formats: containerd/CRI-O text lines, or Docker's json-file driver. */
export type LogFormat = 'cri' | 'docker-json';
export const LOG_FORMATS: readonly LogFormat[] = ['cri', 'docker-json'];

/** One physical line of a container log file, as written by the runtime. */
export interface ParsedLine {
  /** RFC 3339 timestamp exactly as the runtime wrote it (nanosecond precision kept). */
  timestamp: string;
  stream: LogStream;
  /** The runtime split a longer line: more parts of the same logical line follow on this stream. */
  partial: boolean;
  /** The content without the line terminator. */
  message: string;
  /** The content was not valid UTF-8; invalid bytes were replaced with U+FFFD. */
  invalidUtf8: boolean;
}

export type ParseFailureReason =
  'empty_line' | 'bad_timestamp' | 'bad_stream' | 'bad_tag' | 'not_json' | 'bad_field' | 'unknown_format';

/**
 * A physical line that is not in the expected log format. It is returned, never thrown, by the parsers: the collector
 * dead-letters the raw line and goes on.
 */
export class LogLineParseError extends Error {
  override name = 'LogLineParseError';
  constructor(
    readonly reason: ParseFailureReason,
    detail: string,
    /** The offending line as it was read. */
    readonly raw: Buffer | string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export type ParseResult = { ok: true; line: ParsedLine } | { ok: false; error: LogLineParseError };

export function parseFailure(reason: ParseFailureReason, detail: string, raw: Buffer | string): ParseResult {
  return { ok: false, error: new LogLineParseError(reason, detail, raw) };
}
