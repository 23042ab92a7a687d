import type { LogFlag } from '@daytwo/core';
import { withFlag, type LogicalLine } from '../parse/logical-line';
import type { LogStream } from '../parse/types';
import { parseMultilineConfig, type MultilineConfig, type MultilineConfigInput } from './config';
import { BUILTIN_MULTILINE_RULES } from './rules/builtin';
import { createCustomRule } from './rules/custom';
import { LAST, REJECT, type MultilineRule } from './rules/rule';
import { StartFilter } from './start-filter';

interface PendingEvent {
  first: LogicalLine;
  messages: string[];
  bytes: number;
  endOffset: number;
  flags: readonly LogFlag[];
  droppedBytes: number;
  /** Per rule: its state after the last line, REJECT once the rule no longer describes the event. */
  states: Int32Array;
  lastLineMs: number;
}

const CONTINUES = 0;

export function rulesFromConfig(config: MultilineConfig): MultilineRule[] {
  return [
    ...config.builtin.map((name) => BUILTIN_MULTILINE_RULES[name]),
    ...config.custom.map((rule) => createCustomRule(rule.name, rule.start, rule.continue)),
  ];
}

/**
 * Merges stack traces and other multi-line messages into one event, for stdout and stderr separately. Every rule
 * whose `start` accepts a line keeps tracking the event until it rejects a line; the event ends when no rule accepts
 * the next line, a rule closes it (LAST), it reaches `maxLines`/`maxBytes`, or `flush` finds it older than the flush
 * timeout. A line no rule starts on passes through untouched (same object); a merged event keeps the first line's
 * offset and timestamp and is flagged `multiline`. Time is whatever the caller passes: the merger has no clock.
 */
export class MultilineMerger {
  readonly config: MultilineConfig;
  private readonly rules: MultilineRule[];
  private readonly pending: [PendingEvent | undefined, PendingEvent | undefined] = [undefined, undefined];
  private readonly startFilter: StartFilter | undefined;

  constructor(config: MultilineConfigInput | MultilineConfig = {}) {
    this.config = parseMultilineConfig(config);
    this.rules = rulesFromConfig(this.config);
    this.startFilter = StartFilter.of(this.rules);
  }

  /** Messages asked about by `passesThrough` are in a new buffer (or the same one, refilled) from now on. */
  startChunk(): void {
    this.startFilter?.reset();
  }

  /**
   * True when `push` would pass the line with the message `buffer[start, end)` (valid UTF-8) on untouched at once: no
   * event is pending on its stream and no rule can start one with it. Such lines need not be pushed at all. Messages of
   * one chunk must be asked about in increasing position, after `startChunk`.
   */
  passesThrough(stream: LogStream, buffer: Buffer, start: number, end: number): boolean {
    if (this.pending[stream === 'stdout' ? 0 : 1] !== undefined || this.startFilter === undefined) return false;
    return !this.startFilter.mayStart(buffer, start, end);
  }

  /** Feeds one logical line; returns (appends to `out`) the events it completes. */
  push(line: LogicalLine, nowMs: number, out: LogicalLine[] = []): LogicalLine[] {
    const slot = line.stream === 'stdout' ? 0 : 1;
    const event = this.pending[slot];
    if (event !== undefined) {
      const bytes = 1 + Buffer.byteLength(line.message);
      const fits = event.messages.length < this.config.maxLines && event.bytes + bytes <= this.config.maxBytes;
      const verdict = fits ? this.advance(event, line.message) : REJECT;
      if (verdict !== REJECT) {
        event.messages.push(line.message);
        event.bytes += bytes;
        event.endOffset = line.endOffset;
        event.droppedBytes += line.droppedBytes;
        event.lastLineMs = nowMs;
        for (const flag of line.flags) event.flags = withFlag(event.flags, flag);
        if (verdict === LAST) {
          this.pending[slot] = undefined;
          out.push(this.finish(event));
        }
        return out;
      }
      this.pending[slot] = undefined;
      out.push(this.finish(event));
    }
    this.begin(slot, line, nowMs, out);
    return out;
  }

  private begin(slot: 0 | 1, line: LogicalLine, nowMs: number, out: LogicalLine[]): void {
    let states: Int32Array | undefined;
    for (let i = 0; i < this.rules.length; i++) {
      const state = this.rules[i]!.start(line.message);
      if (state < 0) continue;
      states ??= new Int32Array(this.rules.length).fill(REJECT);
      states[i] = state;
    }
    if (states === undefined) {
      out.push(line);
      return;
    }
    this.pending[slot] = {
      first: line,
      messages: [line.message],
      bytes: Buffer.byteLength(line.message),
      endOffset: line.endOffset,
      flags: line.flags,
      droppedBytes: line.droppedBytes,
      states,
      lastLineMs: nowMs,
    };
  }

  /** Runs every live rule on `message`: CONTINUES if one still continues, LAST if one closes the event, else REJECT. */
  private advance(event: PendingEvent, message: string): number {
    let continues = false;
    let closes = false;
    const { states } = event;
    for (let i = 0; i < this.rules.length; i++) {
      const state = states[i]!;
      if (state < 0) continue;
      const next = this.rules[i]!.next(message, state);
      if (next >= 0) continues = true;
      else if (next === LAST) closes = true;
      states[i] = next >= 0 ? next : REJECT;
    }
    return continues ? CONTINUES : closes ? LAST : REJECT;
  }

  private finish(event: PendingEvent): LogicalLine {
    const { first } = event;
    if (event.messages.length === 1) return first;
    return {
      kind: 'line',
      offset: first.offset,
      endOffset: event.endOffset,
      timestamp: first.timestamp,
      stream: first.stream,
      message: event.messages.join('\n'),
      flags: withFlag(event.flags, 'multiline'),
      droppedBytes: event.droppedBytes,
    };
  }

  /** Offset of the first line of the unfinished event on `stream`, or -1. */
  pendingOffset(stream: LogStream): number {
    return this.pending[stream === 'stdout' ? 0 : 1]?.first.offset ?? -1;
  }

  /** Emits the events whose last line is at least `flushTimeoutMs` old. */
  flush(nowMs: number, out: LogicalLine[] = []): LogicalLine[] {
    return this.emitPending(out, (event) => nowMs - event.lastLineMs >= this.config.flushTimeoutMs);
  }

  /** Emits every unfinished event (end of file, shutdown). */
  flushAll(out: LogicalLine[] = []): LogicalLine[] {
    return this.emitPending(out, () => true);
  }

  private emitPending(out: LogicalLine[], due: (event: PendingEvent) => boolean): LogicalLine[] {
    const [stdout, stderr] = this.pending;
    // Both streams can be due at once: emit in file order.
    const order = stdout && stderr && stderr.first.offset < stdout.first.offset ? [1, 0] : [0, 1];
    for (const slot of order as (0 | 1)[]) {
      const event = this.pending[slot];
      if (event === undefined || !due(event)) continue;
      this.pending[slot] = undefined;
      out.push(this.finish(event));
    }
    return out;
  }
}
