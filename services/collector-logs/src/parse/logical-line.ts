import type { LogFlag } from '@daytwo/core';
import type { LogLineParseError, LogStream } from './types';

/** One logical log line (possibly reassembled from partial lines and merged with its continuation lines). */
export interface LogicalLine {
  kind: 'line';
  /** Byte offset of the first physical line: the record id is derived from it. */
  offset: number;
  /** Byte offset just after the last physical line this line consumed (after its newline). */
  endOffset: number;
  /** Timestamp of the first part, as the runtime wrote it. */
  timestamp: string;
  stream: LogStream;
  message: string;
  flags: readonly LogFlag[];
  /** Content bytes dropped because the line exceeded the size limit; 0 unless flagged `truncated`. */
  droppedBytes: number;
}

/** A physical line that could not be parsed: the caller dead-letters it. */
export interface RejectedLine {
  kind: 'rejected';
  offset: number;
  endOffset: number;
  error: LogLineParseError;
}

export type DecodedLine = LogicalLine | RejectedLine;

export const NO_FLAGS: readonly LogFlag[] = Object.freeze([]);

/** `flags` plus `flag`, without duplicates; never mutates (clean lines share `NO_FLAGS`). */
export function withFlag(flags: readonly LogFlag[], flag: LogFlag): readonly LogFlag[] {
  return flags.includes(flag) ? flags : [...flags, flag];
}
