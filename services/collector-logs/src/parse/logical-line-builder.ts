import type { LogFlag } from '@daytwo/core';
import type { DecoderStats } from './line-decoder-options';
import { NO_FLAGS, type LogicalLine } from './logical-line';
import type { ReassembledLine } from './reassemble';
import type { LogStream } from './types';
import { isValidUtf8 } from './utf8';

export function logicalLine(
  stats: DecoderStats,
  offset: number,
  endOffset: number,
  timestamp: string,
  stream: LogStream,
  message: string,
  invalidUtf8: boolean,
  droppedBytes = 0,
  flags: readonly LogFlag[] = NO_FLAGS,
): LogicalLine {
  if (invalidUtf8) {
    stats.invalidUtf8Lines++;
    flags = [...flags, 'invalid_utf8'];
  }
  return { kind: 'line', offset, endOffset, timestamp, stream, message, flags, droppedBytes };
}

/** Decodes a reassembled line once, as a whole: a character the runtime split between parts is not invalid. */
export function reassembledLogicalLine(stats: DecoderStats, r: ReassembledLine): LogicalLine {
  const flags: LogFlag[] = [];
  if (r.truncated) {
    flags.push('truncated');
    stats.truncatedLines++;
    stats.droppedBytes += r.droppedBytes;
  }
  if (r.parts > 1) flags.push('partial_reassembled');
  if (!r.complete) stats.unfinishedLines++;
  const invalid = r.invalidUtf8 || !isValidUtf8(r.message);
  const message = r.message.toString('utf8');
  return logicalLine(stats, r.offset, r.endOffset, r.timestamp, r.stream, message, invalid, r.droppedBytes, flags);
}
