import type { LogFlag } from '@daytwo/core';
import { NO_FLAGS, type LogicalLine } from '../parse/logical-line';
import type { LogStream } from '../parse/types';

/** Logical lines at consecutive offsets (each 100 bytes), for merger tests. */
export function logicalLines(messages: readonly string[], stream: LogStream = 'stdout', start = 0): LogicalLine[] {
  return messages.map((message, i) => line(message, (start + i) * 100, stream));
}

export function line(
  message: string,
  offset: number,
  stream: LogStream = 'stdout',
  flags: readonly LogFlag[] = NO_FLAGS,
) {
  const l: LogicalLine = {
    kind: 'line',
    offset,
    endOffset: offset + 100,
    timestamp: `ts@${offset}`,
    stream,
    message,
    flags,
    droppedBytes: 0,
  };
  return l;
}
