import { MultilineMerger } from '../multiline/merger';
import { createCriHeader, describeCriFailure, scanCriHeaderAt } from './cri';
import { ResumeFilter, type DecoderCheckpoint } from './decoder-checkpoint';
import {
  createDecoderStats,
  DEFAULT_PARTIAL_TIMEOUT_MS,
  type DecoderStats,
  type LineDecoderOptions,
} from './line-decoder-options';
import { detectLineFormat } from './detect-format';
import { describeDockerJsonFailure, isDockerPartial, scanDockerJson } from './docker-json';
import type { DecodedLine, LogicalLine, RejectedLine } from './logical-line';
import { logicalLine, reassembledLogicalLine } from './logical-line-builder';
import { DEFAULT_MAX_LINE_BYTES, PartialLineReassembler } from './reassemble';
import { LogLineParseError, type LogFormat, type LogStream, type ParseFailureReason } from './types';
import { isValidUtf8 } from './utf8';

const STREAMS: readonly LogStream[] = ['stdout', 'stderr'];

/** Receives the plain CRI lines of `LineDecoder.decodeAt` as positions in the chunk (valid UTF-8, message complete). */
export interface PlainLineSink {
  plain(
    chunk: Buffer,
    offset: number,
    timestampStart: number,
    timestampEnd: number,
    stream: LogStream,
    messageStart: number,
    messageEnd: number,
  ): void;
}

/**
 * Turns one file's physical lines into logical lines: parse (CRI or json-file), reassemble split lines, decode UTF-8,
 * merge multiline events. Pure: the caller reads the file and passes the time. Lines must be passed in file order,
 * complete (terminated by `\n` in the file; with or without it in the Buffer), each with its byte offset. Buffers
 * are not kept after a call returns.
 */
export class LineDecoder {
  readonly stats: DecoderStats = createDecoderStats();
  private detected: LogFormat | undefined;
  private readonly maxLineBytes: number;
  private readonly partialTimeoutMs: number;
  private readonly reassembler: PartialLineReassembler;
  private readonly merger: MultilineMerger | undefined;
  private readonly header = createCriHeader();
  /** Lines made by one `decodeAt` call (reused: most calls make none). */
  private readonly scratch: LogicalLine[] = [];
  private resume: ResumeFilter | undefined;
  /** End of the last physical line consumed. */
  private position: number;

  constructor(options: LineDecoderOptions) {
    this.detected = options.format === 'auto' ? undefined : options.format;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.partialTimeoutMs = options.partialTimeoutMs ?? DEFAULT_PARTIAL_TIMEOUT_MS;
    if (!Number.isInteger(this.partialTimeoutMs) || this.partialTimeoutMs < 1) {
      throw new RangeError('partialTimeoutMs must be a positive integer');
    }
    this.reassembler = new PartialLineReassembler(this.maxLineBytes);
    this.merger = options.multiline ? new MultilineMerger(options.multiline) : undefined;
    this.resume = options.resume === undefined ? undefined : new ResumeFilter(options.resume);
    this.position = options.resume?.offset ?? 0;
  }

  get format(): LogFormat | undefined {
    return this.detected;
  }

  decode(physicalLine: Buffer, byteOffset: number, nowMs: number): DecodedLine[] {
    const n = physicalLine.length;
    const end = n > 0 && physicalLine[n - 1] === 0x0a ? n - 1 : n;
    const endOffset = byteOffset + end + 1;
    this.stats.physicalLines++;
    const format = this.detected ?? (this.detected = detectLineFormat(physicalLine));
    const out: LogicalLine[] = [];
    let failure: ParseFailureReason | undefined;
    if (format === 'cri')
      failure = this.decodeCri(physicalLine, 0, end, byteOffset, endOffset, nowMs, out, undefined, false);
    else if (format === 'docker-json')
      failure = this.decodeDockerJson(physicalLine, end, byteOffset, endOffset, nowMs, out);
    else failure = 'unknown_format';
    const result: DecodedLine[] =
      failure === undefined ? out : this.reject(failure, format, physicalLine, byteOffset, endOffset);
    this.stats.logicalLines += out.length;
    if (endOffset > this.position) this.position = endOffset;
    if (this.resume !== undefined && this.position >= this.resume.until) this.resume = undefined;
    return result;
  }

  private reject(
    reason: ParseFailureReason,
    format: LogFormat | undefined,
    raw: Buffer,
    offset: number,
    endOffset: number,
  ): RejectedLine[] {
    if (this.resume?.alreadyEmitted(offset, undefined)) {
      this.stats.skippedOnResume++;
      return [];
    }
    this.stats.rejectedLines++;
    const detail = format === 'docker-json' ? describeDockerJsonFailure(reason) : describeCriFailure(reason);
    const error = new LogLineParseError(reason, detail, Buffer.from(raw));
    return [{ kind: 'rejected', offset, endOffset, error }];
  }

  /** False (and counted) when the line was emitted before the resume checkpoint. */
  private shouldFeed(offset: number, stream: LogStream): boolean {
    if (this.resume === undefined || !this.resume.alreadyEmitted(offset, stream)) return true;
    this.stats.skippedOnResume++;
    return false;
  }

  /** The lines of a new chunk follow: `decodeAt` calls of one chunk must come after this, in file order. */
  startChunk(): void {
    this.merger?.startChunk();
  }

  /**
   * `decode` for the line `chunk[start, end)` (without its newline) of a chunk, for the hot path: a complete CRI line
   * that needs no reassembly, multiline merging nor UTF-8 repair goes to `plain` (if given) as byte positions, without
   * any object made for it; everything else is decoded as `decode` does and appended to `out`. `utf8Valid` says the whole
   * chunk is known to be valid UTF-8 (else each line is checked). Call `startChunk` before the lines of each chunk.
   */
  decodeAt(
    chunk: Buffer,
    start: number,
    end: number,
    byteOffset: number,
    nowMs: number,
    utf8Valid: boolean,
    plain: PlainLineSink | undefined,
    out: DecodedLine[],
  ): void {
    // The physical line as `decode` takes it: with its newline when there is one (dead letters keep it).
    const physicalEnd = chunk[end] === 0x0a ? end + 1 : end;
    if (this.detected !== 'cri') {
      for (const d of this.decode(chunk.subarray(start, physicalEnd), byteOffset, nowMs)) out.push(d);
      return;
    }
    const endOffset = byteOffset + (end - start) + 1;
    this.stats.physicalLines++;
    const logical = this.scratch;
    const failure = this.decodeCri(chunk, start, end, byteOffset, endOffset, nowMs, logical, plain, utf8Valid);
    if (failure !== undefined) {
      for (const r of this.reject(failure, 'cri', chunk.subarray(start, physicalEnd), byteOffset, endOffset))
        out.push(r);
    }
    if (logical.length > 0) {
      for (const line of logical) out.push(line);
      this.stats.logicalLines += logical.length;
      logical.length = 0;
    }
    if (endOffset > this.position) this.position = endOffset;
    if (this.resume !== undefined && this.position >= this.resume.until) this.resume = undefined;
  }

  /** CRI line `buf[start, end)`; a plain line goes to `plain` when given (`utf8Valid`: the buffer is known valid). */
  private decodeCri(
    buf: Buffer,
    start: number,
    end: number,
    offset: number,
    endOffset: number,
    nowMs: number,
    out: LogicalLine[],
    plain: PlainLineSink | undefined,
    utf8Valid: boolean,
  ): ParseFailureReason | undefined {
    const h = this.header;
    const failure = scanCriHeaderAt(buf, start, end, h);
    if (failure !== undefined) return failure;
    if (!this.shouldFeed(offset, h.stream)) return undefined;
    const { stream, messageStart, timestampEnd } = h;
    if (!h.partial && end - messageStart <= this.maxLineBytes && !this.reassembler.isOpen(stream)) {
      // The header is ASCII, so the whole line is valid UTF-8 exactly when the message is.
      const invalid = !(utf8Valid || isValidUtf8(buf.subarray(start, end)));
      if (plain !== undefined && !invalid && (this.merger?.passesThrough(stream, buf, messageStart, end) ?? true)) {
        plain.plain(buf, offset, start, timestampEnd, stream, messageStart, end);
        this.stats.logicalLines++;
        return undefined;
      }
      const timestamp = buf.toString('latin1', start, timestampEnd);
      const message = buf.toString('utf8', messageStart, end);
      this.emit(logicalLine(this.stats, offset, endOffset, timestamp, stream, message, invalid), nowMs, out);
      return undefined;
    }
    const timestamp = buf.toString('latin1', start, timestampEnd);
    const part = { stream, timestamp, message: buf.subarray(messageStart, end), partial: h.partial, offset, endOffset };
    const done = this.reassembler.push(part, nowMs);
    if (done !== undefined) this.emit(reassembledLogicalLine(this.stats, done), nowMs, out);
    return undefined;
  }

  private decodeDockerJson(
    line: Buffer,
    end: number,
    offset: number,
    endOffset: number,
    nowMs: number,
    out: LogicalLine[],
  ): ParseFailureReason | undefined {
    const entry = scanDockerJson(line.toString('utf8', 0, end));
    if (typeof entry === 'string') return entry;
    const { log, stream, time } = entry;
    if (!this.shouldFeed(offset, stream)) return undefined;
    const partial = isDockerPartial(log);
    const message = partial ? log : log.slice(0, -1);
    const invalid = !isValidUtf8(line);
    const fits = message.length * 3 <= this.maxLineBytes || Buffer.byteLength(message) <= this.maxLineBytes;
    if (!partial && fits && !this.reassembler.isOpen(stream)) {
      this.emit(logicalLine(this.stats, offset, endOffset, time, stream, message, invalid), nowMs, out);
      return undefined;
    }
    const part = {
      stream,
      timestamp: time,
      message: Buffer.from(message),
      partial,
      offset,
      endOffset,
      invalidUtf8: invalid,
    };
    const done = this.reassembler.push(part, nowMs);
    if (done !== undefined) this.emit(reassembledLogicalLine(this.stats, done), nowMs, out);
    return undefined;
  }

  private emit(line: LogicalLine, nowMs: number, out: LogicalLine[]): void {
    if (this.merger === undefined) out.push(line);
    else this.merger.push(line, nowMs, out);
  }

  /** Emits what timed out: split lines missing their final part, multiline events whose end was not seen. */
  flush(nowMs: number): LogicalLine[] {
    const out: LogicalLine[] = [];
    for (const r of this.reassembler.flush(nowMs, this.partialTimeoutMs))
      this.emit(reassembledLogicalLine(this.stats, r), nowMs, out);
    this.merger?.flush(nowMs, out);
    this.stats.logicalLines += out.length;
    return out;
  }

  /** Emits everything still buffered (the file was deleted or rotated away and fully read, or shutdown). */
  flushAll(nowMs: number): LogicalLine[] {
    const out: LogicalLine[] = [];
    for (const r of this.reassembler.flushAll()) this.emit(reassembledLogicalLine(this.stats, r), nowMs, out);
    this.merger?.flushAll(out);
    this.stats.logicalLines += out.length;
    return out;
  }

  private pendingOffset(stream: LogStream): number {
    const merging = this.merger?.pendingOffset(stream) ?? -1;
    // A merger event, when there is one, started before the split line still being reassembled.
    const live = merging >= 0 ? merging : this.reassembler.pendingOffset(stream);
    return live >= 0 ? live : (this.resume?.pendingFrom(stream, this.position) ?? -1);
  }

  /**
   * The offset up to which every line was emitted: the smallest offset of anything still buffered or not yet re-read
   * after a resume, else the end of the last consumed line. Restarting there loses nothing.
   */
  safeOffset(): number {
    let safe = Math.max(this.position, this.resume?.until ?? 0);
    for (const stream of STREAMS) {
      const pending = this.pendingOffset(stream);
      if (pending >= 0 && pending < safe) safe = pending;
    }
    return safe;
  }

  /** The state to persist for an exact resume (see DecoderCheckpoint). */
  checkpoint(): DecoderCheckpoint {
    return {
      offset: this.safeOffset(),
      consumedEnd: Math.max(this.position, this.resume?.until ?? 0),
      pendingStdout: this.pendingOffset('stdout'),
      pendingStderr: this.pendingOffset('stderr'),
    };
  }
}

export function createLineDecoder(options: LineDecoderOptions): LineDecoder {
  return new LineDecoder(options);
}
