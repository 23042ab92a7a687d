import { utf8SafeCut } from './utf8';
import type { LogStream } from './types';

export const DEFAULT_MAX_LINE_BYTES = 256 * 1024;

/** One physical line's content, already parsed. */
export interface LinePart {
  stream: LogStream;
  timestamp: string;
  /** Content bytes. Kept by reference only until `push` returns: parts that must wait are copied. */
  message: Buffer;
  /** More parts of the same logical line follow on this stream. */
  partial: boolean;
  offset: number;
  endOffset: number;
  /** The part was already decoded from invalid UTF-8 (json-file lines): carried over to the logical line. */
  invalidUtf8?: boolean;
}

export interface ReassembledLine {
  stream: LogStream;
  /** Timestamp of the first part. */
  timestamp: string;
  message: Buffer;
  /** Offset of the first part. */
  offset: number;
  /** End offset of the last part consumed. */
  endOffset: number;
  /** Physical lines consumed, including the ones whose content was dropped. */
  parts: number;
  truncated: boolean;
  droppedBytes: number;
  /** False when the line was flushed before its final part arrived. */
  complete: boolean;
  /** Some part had `invalidUtf8` set. */
  invalidUtf8: boolean;
}

interface OpenLine {
  timestamp: string;
  offset: number;
  endOffset: number;
  chunks: Buffer[];
  bytes: number;
  parts: number;
  truncated: boolean;
  droppedBytes: number;
  invalidUtf8: boolean;
  lastPartMs: number;
}

/**
 * Joins the parts of lines the runtime split (CRI `P`…`F`, json-file lines without a trailing newline), for stdout
 * and stderr independently. A logical line longer than `maxLineBytes` keeps its first `maxLineBytes` bytes (cut on a
 * character boundary) and is flagged truncated; the rest of its parts are consumed and counted in `droppedBytes`, so
 * nothing disappears silently and the line still spans all its physical lines.
 */
export class PartialLineReassembler {
  private readonly open: [OpenLine | undefined, OpenLine | undefined] = [undefined, undefined];

  constructor(readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) throw new RangeError('maxLineBytes must be >= 1');
  }

  /** Adds one part; returns the logical line it completes, if any. */
  push(part: LinePart, nowMs: number): ReassembledLine | undefined {
    const slot = part.stream === 'stdout' ? 0 : 1;
    let line = this.open[slot];
    if (line === undefined) {
      line = {
        timestamp: part.timestamp,
        offset: part.offset,
        endOffset: part.endOffset,
        chunks: [],
        bytes: 0,
        parts: 0,
        truncated: false,
        droppedBytes: 0,
        invalidUtf8: false,
        lastPartMs: nowMs,
      };
      if (part.partial) this.open[slot] = line;
    }
    line.parts++;
    line.endOffset = part.endOffset;
    line.lastPartMs = nowMs;
    if (part.invalidUtf8 === true) line.invalidUtf8 = true;
    this.append(line, part.message, part.partial);
    if (part.partial) return undefined;
    this.open[slot] = undefined;
    return this.finish(part.stream, line, true);
  }

  private append(line: OpenLine, message: Buffer, keepsWaiting: boolean): void {
    const room = this.maxLineBytes - line.bytes;
    if (message.length <= room) {
      line.chunks.push(keepsWaiting ? Buffer.from(message) : message);
      line.bytes += message.length;
      return;
    }
    line.truncated = true;
    line.droppedBytes += message.length - room;
    if (room > 0) {
      const head = message.subarray(0, room);
      line.chunks.push(keepsWaiting ? Buffer.from(head) : head);
      line.bytes += room;
    }
  }

  private finish(stream: LogStream, line: OpenLine, complete: boolean): ReassembledLine {
    let message = line.chunks.length === 1 ? line.chunks[0]! : Buffer.concat(line.chunks, line.bytes);
    let droppedBytes = line.droppedBytes;
    if (line.truncated) {
      const cut = utf8SafeCut(message, message.length);
      droppedBytes += message.length - cut;
      message = message.subarray(0, cut);
    }
    return {
      stream,
      timestamp: line.timestamp,
      message,
      offset: line.offset,
      endOffset: line.endOffset,
      parts: line.parts,
      truncated: line.truncated,
      droppedBytes,
      complete,
      invalidUtf8: line.invalidUtf8,
    };
  }

  isOpen(stream: LogStream): boolean {
    return this.open[stream === 'stdout' ? 0 : 1] !== undefined;
  }

  /** Offset of the first part of the unfinished line on `stream`, or -1. */
  pendingOffset(stream: LogStream): number {
    return this.open[stream === 'stdout' ? 0 : 1]?.offset ?? -1;
  }

  /**
   * Emits unfinished lines whose last part is at least `timeoutMs` old: a runtime killed mid-line never writes the
   * final part. What arrives later for the same stream starts a new logical line.
   */
  flush(nowMs: number, timeoutMs: number): ReassembledLine[] {
    return this.emitOpen((line) => nowMs - line.lastPartMs >= timeoutMs);
  }

  /** Emits every unfinished line (end of file, shutdown). */
  flushAll(): ReassembledLine[] {
    return this.emitOpen(() => true);
  }

  private emitOpen(due: (line: OpenLine) => boolean): ReassembledLine[] {
    const out: ReassembledLine[] = [];
    const [stdout, stderr] = this.open;
    // Both streams can be due at once: emit in file order.
    const order: readonly (0 | 1)[] = stdout && stderr && stderr.offset < stdout.offset ? [1, 0] : [0, 1];
    for (const slot of order) {
      const line = this.open[slot];
      if (line === undefined || !due(line)) continue;
      this.open[slot] = undefined;
      out.push(this.finish(slot === 0 ? 'stdout' : 'stderr', line, false));
    }
    return out;
  }
}
