import type { LogRecord } from '@daytwo/core';
import type { CheckpointEntry } from '../checkpoint/checkpoint-entry';
import type { CollectorMetrics } from '../metrics';
import type { LineDecoder } from '../parse/line-decoder';
import type { DecodedLine } from '../parse/logical-line';
import { createRecordIdFactory } from '../parse/record-id';
import type { DeadLetterDraft, RecordBuilder } from '../publish/record-builder';
import type { FileHead } from './file-head';

const EMPTY = Buffer.alloc(0);
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
}

/**
 * The content side of a tailed file: splits chunks into lines in the Buffer (the unterminated rest is carried to the
 * next chunk), decodes them, and turns the result into records and dead letters with ids from the file identity.
 */
export class FileLines {
  readonly head: FileHead;
  private carry: Buffer = EMPTY;
  /** A too long run was cut: the bytes up to the next newline are the rest of that line, not lines of their own. */
  private skippingRest = false;
  private recordId: ((offset: number) => string) | undefined;

  constructor(private readonly init: FileLinesInit) {
    this.head = init.head;
  }

  /** Bytes read but not decoded yet (an unterminated line). */
  get carried(): number {
    return this.carry.length;
  }

  /** A buffer starting with the carried bytes, with room for `want` more after them. */
  bufferFor(want: number): Buffer {
    const buffer = Buffer.allocUnsafe(this.carry.length + want);
    this.carry.copy(buffer, 0);
    return buffer;
  }

  /** Decodes the complete lines of `view` (carried + new bytes, the first at file offset `base`); carries the rest. */
  decodeChunk(view: Buffer, base: number, nowMs: number): DecodedLine[] {
    const { decoder, maxCarryBytes, metrics } = this.init;
    this.head.observe(view, base);
    const decoded: DecodedLine[] = [];
    let start = 0;
    let lines = 0;
    if (this.ensureIdentity(false)) {
      if (this.skippingRest) {
        const nl = view.indexOf(0x0a);
        this.skippingRest = nl < 0;
        start = nl < 0 ? view.length : nl + 1;
      }
      for (let nl = view.indexOf(0x0a, start); nl >= 0; nl = view.indexOf(0x0a, start)) {
        for (const d of decoder.decode(view.subarray(start, nl + 1), base + start, nowMs)) decoded.push(d);
        start = nl + 1;
        lines++;
      }
      if (view.length - start > maxCarryBytes) {
        // A run without newline longer than any line can be: cut it here, its last byte standing in for the newline
        // (the decoder truncates the line far before that byte anyway), so memory stays bounded.
        for (const d of decoder.decode(view.subarray(start, view.length - 1), base + start, nowMs)) decoded.push(d);
        start = view.length;
        lines++;
        this.skippingRest = true;
      }
    }
    this.carry = start < view.length ? Buffer.from(view.subarray(start)) : EMPTY;
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
    const { idDev: dev, idIno: ino } = this.init;
    this.recordId = createRecordIdFactory({ dev, ino, fingerprint: this.head.idFingerprint() });
    return true;
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
