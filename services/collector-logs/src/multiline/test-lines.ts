import type { LogFlag } from '@daytwo/core';
import { NO_FLAGS, type LogicalLine } from '../parse/logical-line';
import type { LogStream } from '../parse/types';
import { MultilineMerger } from './merger';
import type { BuiltinMultilineRuleName } from './rules/builtin';

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

/** Merges `lines` with the given built-in rules and returns the events as arrays of their lines. */
export function groupLines(rules: readonly BuiltinMultilineRuleName[], lines: readonly string[]): string[][] {
  const merger = new MultilineMerger({ builtin: [...rules] });
  const events = logicalLines(lines).flatMap((l) => merger.push(l, 0));
  events.push(...merger.flushAll());
  return events.map((e) => e.message.split('\n'));
}

/** A Java stack trace with a cause, as the JVM prints it (the exception header starts it). */
export const JAVA_TRACE: readonly string[] = [
  'java.lang.IllegalStateException: boom',
  '\tat com.example.Foo.bar(Foo.java:10)',
  '\tat com.example.Main.main(Main.java:5)',
  'Caused by: java.lang.NullPointerException: null',
  '\tat com.example.Foo.baz(Foo.java:20)',
  '\t... 2 more',
];
