import { isUtf8 } from 'node:buffer';
import { LogRows, type LogEnvelopeLimits, type LogRecord, type RowBufferPool } from '@daytwo/core';
import type { CheckpointEntry } from '../checkpoint/checkpoint-entry';
import type { CollectorMetrics } from '../metrics';
import type { LineDecoder } from '../parse/line-decoder';
import type { DecodedLine } from '../parse/logical-line';
import { createRecordIdFactory } from '../parse/record-id';
import { BatchEncoder, type EncodedBatch } from '../publish/batch-encoder';
import type { DeadLetterDraft, RecordBuilder } from '../publish/record-builder';
import type { FileHead } from './file-head';

const EMPTY = Buffer.alloc(0);
const NO_ROWS = LogRows.empty('{}');
const NEWLINE = Buffer.from('\n');

export interface FileLinesInit {
  head: FileHead;
  builder: RecordBuilder;
  decoder: LineDecoder;
  /** Device and inode the record ids derive from (a copytruncate copy keeps its original's). */
  idDev: bigint;
  idIno: bigint;
  /** Longest run of bytes without a newline kept while waiting for the newline. */
  maxCarryBytes: number;
  metrics: CollectorMetrics;
  /** Rows are written inside envelopes of these limits (sent without a copy). */
  envelopeLimits?: LogEnvelopeLimits | undefined;
  /** Where the rows' buffers come from (they go back when the rows are released). */
  rowBuffers?: RowBufferPool | undefined;
  /** Where read buffers come from and go back to between reads (shared by the files of a collector). */
  readBuffers: RowBufferPool;
}

/**
 * The content side of a tailed file: splits chunks into lines in the Buffer (the unterminated rest is carried to the
 * next chunk), decodes them, and turns the result into records and dead letters with ids from the file identity.
 */
export class FileLines {
  readonly head: FileHead;
  private carry: Buffer = EMPTY;
  private readBuffer: Buffer = EMPTY;
  /** A too long run was cut: the bytes up to the next newline are the rest of that line, not lines of their own. */
  private skippingRest = false;
  private recordId: ((offset: number) => string) | undefined;
  private encoder: BatchEncoder | undefined;

  constructor(private readonly init: FileLinesInit) {
    this.head = init.head;
  }

  /** Bytes read but not decoded yet (an unterminated line). */
  get carried(): number {
    return this.carry.length;
  }

  /** Bytes of the read buffer held: none between a releaseBuffer and the next bufferFor. */
  get bufferBytes(): number {
    return this.readBuffer.length;
  }

  /**
   * A buffer from the pool starting with the carried bytes, with room for `want` more after them, held until
   * releaseBuffer (a fresh one per chunk cost more in allocation than the reading itself). Nothing keeps a chunk's
   * bytes beyond its decodeChunk/encodeChunk call but the carried rest, copied to the front here.
   */
  bufferFor(want: number): Buffer {
    const carried = this.carry.length;
    const need = carried + want;
    // Room to spare, so that the next chunk with a somewhat longer carry fits the same pooled buffer.
    const taken = this.init.readBuffers.take(need, need + (need >> 3));
    this.carry.copy(taken, 0);
    if (this.readBuffer.length > 0) this.init.readBuffers.give(this.readBuffer);
    this.readBuffer = taken;
    this.carry = taken.subarray(0, carried);
    return taken.subarray(0, need);
  }

  /**
   * Gives the read buffer back to the pool, the carried bytes copied out of it first: a file holds a read buffer only
   * while a chunk of it is read and decoded, not while it is idle (most files of a node are, most of the time).
   */
  releaseBuffer(): void {
    if (this.readBuffer.length === 0) return;
    if (this.carry.length > 0) this.carry = Buffer.from(this.carry);
    this.init.readBuffers.give(this.readBuffer);
    this.readBuffer = EMPTY;
  }

  /** Decodes the complete lines of `view` (carried + new bytes, the first at file offset `base`); carries the rest. */
  decodeChunk(view: Buffer, base: number, nowMs: number): DecodedLine[] {
    return this.scan(view, base, nowMs, false);
  }

  /** decodeChunk and toBatch in one: the lines of `view` encoded as they are decoded (plain lines from their bytes). */
  encodeChunk(view: Buffer, base: number, nowMs: number): EncodedBatch {
    this.scan(view, base, nowMs, true);
    return this.encoder?.take() ?? { rows: NO_ROWS, deadLetters: [] };
  }

  /** When `encoding`, lines are encoded as they come and nothing is returned. */
  private scan(view: Buffer, base: number, nowMs: number, encoding: boolean): DecodedLine[] {
    const { decoder, maxCarryBytes, metrics } = this.init;
    this.head.observe(view, base);
    decoder.startChunk();
    const decoded: DecodedLine[] = [];
    let start = 0;
    let lines = 0;
    let encoder: BatchEncoder | undefined;
    const line = (end: number, utf8Valid: boolean) => {
      decoder.decodeAt(view, start, end, base + start, nowMs, utf8Valid, encoder, decoded);
      if (encoder !== undefined && decoded.length > 0) {
        encoder.add(decoded);
        decoded.length = 0;
      }
      lines++;
    };
    if (this.ensureIdentity(false)) {
      encoder = encoding ? this.encoder : undefined;
      if (this.skippingRest) {
        const nl = view.indexOf(0x0a);
        this.skippingRest = nl < 0;
        start = nl < 0 ? view.length : nl + 1;
      }
      // One validation of all complete lines instead of one per line (a newline never splits a character).
      const last = encoder === undefined ? -1 : view.lastIndexOf(0x0a);
      const utf8Valid = last >= start && isUtf8(view.subarray(start, last + 1));
      for (let nl = view.indexOf(0x0a, start); nl >= 0; nl = view.indexOf(0x0a, start)) {
        line(nl, utf8Valid);
        start = nl + 1;
      }
      if (view.length - start > maxCarryBytes) {
        // A run without newline longer than any line can be: cut it here, its last byte standing in for the newline
        // (the decoder truncates the line far before that byte anyway), so memory stays bounded.
        line(view.length - 1, false);
        start = view.length;
        this.skippingRest = true;
      }
    }
    // The rest stays where it is until bufferFor copies it into the next buffer (or releaseBuffer out of this one).
    this.carry = start < view.length ? view.subarray(start) : EMPTY;
    metrics.linesRead.inc(lines);
    return decoded;
  }

  /** Split lines and multiline events that timed out. */
  flushTimedOut(nowMs: number): DecodedLine[] {
    return this.recordId === undefined ? [] : this.init.decoder.flush(nowMs);
  }

  /** Nothing more will be written: the unterminated tail (ending at `end`) and everything the decoder holds. */
  decodeFinal(end: number, nowMs: number): DecodedLine[] {
    if (!this.ensureIdentity(true)) return [];
    const decoded: DecodedLine[] = [];
    if (this.carry.length > 0) {
      decoded.push(...this.init.decoder.decode(Buffer.concat([this.carry, NEWLINE]), end - this.carry.length, nowMs));
      this.carry = EMPTY;
    }
    decoded.push(...this.init.decoder.flushAll(nowMs));
    return decoded;
  }

  private ensureIdentity(final: boolean): boolean {
    if (this.recordId !== undefined) return true;
    if (this.head.identityLength(final) === undefined) return false;
    const { idDev: dev, idIno: ino, builder, metrics, envelopeLimits, rowBuffers } = this.init;
    this.recordId = createRecordIdFactory({ dev, ino, fingerprint: this.head.idFingerprint() });
    this.encoder = new BatchEncoder(builder, this.recordId, metrics, { envelopes: envelopeLimits, rowBuffers });
    return true;
  }

  /** Decoded lines as rows and dead letters (only ever called with lines, so the identity is known). */
  encode(decoded: readonly DecodedLine[]): EncodedBatch {
    if (this.encoder === undefined) return { rows: NO_ROWS, deadLetters: [] };
    this.encoder.add(decoded);
    return this.encoder.take();
  }

  /** Records and dead letters of decoded lines (only ever called with lines, so the identity is known). */
  toBatch(decoded: readonly DecodedLine[]): { records: LogRecord[]; deadLetters: DeadLetterDraft[] } {
    const { builder, metrics } = this.init;
    const records: LogRecord[] = [];
    const deadLetters: DeadLetterDraft[] = [];
    const recordId = this.recordId;
    for (const d of decoded) {
      const id = recordId!(d.offset);
      if (d.kind === 'line') {
        records.push(builder.record(d, id));
        for (const flag of d.flags) metrics.flaggedLines.inc({ flag });
      } else {
        deadLetters.push(builder.deadLetter(d, id));
        metrics.deadLetters.inc({ reason: d.error.reason });
      }
    }
    return { records, deadLetters };
  }

  /** The checkpoint of the physical file `dev`/`ino` right now; undefined before the first line is known. */
  checkpoint(dev: bigint, ino: bigint): CheckpointEntry | undefined {
    const fingerprintLength = this.head.identityLength();
    if (fingerprintLength === undefined) return undefined;
    return {
      dev: String(dev),
      ino: String(ino),
      fingerprint: this.head.fingerprint(),
      identity: { dev: String(this.init.idDev), ino: String(this.init.idIno), fingerprintLength },
      path: this.init.builder.origin.path,
      decoder: this.init.decoder.checkpoint(),
    };
  }
}
