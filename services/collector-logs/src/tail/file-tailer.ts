import type { FileHandle } from 'node:fs/promises';
import type { LogRecord } from '@daytwo/core';
import { fileIdentityKey, type CheckpointEntry } from '../checkpoint/checkpoint-entry';
import type { LineDecoder } from '../parse/line-decoder';
import type { DecodedLine } from '../parse/logical-line';
import { createRecordIdFactory } from '../parse/record-id';
import { FileProgress, type Advance } from '../publish/file-progress';
import type { DeadLetterDraft, RecordBuilder } from '../publish/record-builder';
import { FileHead, readHead } from './file-head';
import { classifyGrowth, shouldFinish } from './rotation';
import type { TailerContext } from './tailer-context';

const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from('\n');

/** An open log file: its descriptor, identity and first bytes. */
export interface OpenedFile {
  handle: FileHandle;
  dev: bigint;
  ino: bigint;
  head: Buffer;
}

export interface TailerInit {
  file: OpenedFile;
  builder: RecordBuilder;
  /** Created with `resume` set to the checkpoint's decoder state when resuming. */
  decoder: LineDecoder;
  resume?: CheckpointEntry;
  /** Renamed away or deleted already (resumed from a checkpoint of a rotated file). */
  moved: boolean;
  /** Reading starts once this resolves: the file's predecessor at the same path was read to its end. */
  after?: Promise<unknown>;
}

/**
 * Reads one log file, identified by device + inode + first bytes, never by path: in chunks through its descriptor,
 * lines split in the chunk Buffer and decoded, records handed to the publisher in batches that each carry the
 * checkpoint taken right after them. Follows the file when it is renamed or deleted (to its end) and when it is
 * copytruncated (on into the copy). Decoding and batching of one chunk is synchronous, so the timer flush can run
 * between chunks.
 */
export class FileTailer {
  dev: bigint;
  ino: bigint;
  private handle: FileHandle;
  private readonly head: FileHead;
  private readonly builder: RecordBuilder;
  private readonly decoder: LineDecoder;
  private readonly idDev: bigint;
  private readonly idIno: bigint;
  private recordId: ((offset: number) => string) | undefined;
  /** File offset of the next byte to read; `carry` holds the unterminated bytes before it. */
  private position: number;
  private carry: Buffer = EMPTY;
  private readonly progress: FileProgress<CheckpointEntry>;
  private reading: Promise<void> | undefined;
  private again = false;
  private gate: Promise<unknown> | undefined;
  private checkedSize = -1;
  lastSize = 0;
  durableOffset: number;
  moved: boolean;
  private complete = false;
  successorHasData = false;
  private lastDataMs: number;
  private finishRequested = false;
  private finishing = false;
  private truncating = false;
  private resolveFinished!: () => void;
  /** Resolves once the last batch was handed to the publisher. */
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    private readonly ctx: TailerContext,
    init: TailerInit,
  ) {
    const { file, resume } = init;
    this.handle = file.handle;
    this.dev = file.dev;
    this.ino = file.ino;
    this.head = new FileHead(file.head, resume?.identity.fingerprintLength);
    this.idDev = resume ? BigInt(resume.identity.dev) : file.dev;
    this.idIno = resume ? BigInt(resume.identity.ino) : file.ino;
    this.builder = init.builder;
    this.decoder = init.decoder;
    this.position = resume?.decoder.offset ?? 0;
    this.durableOffset = this.position;
    this.moved = init.moved;
    this.gate = init.after;
    this.lastDataMs = ctx.nowMs();
    this.progress = new FileProgress((advance) => this.advanced(advance));
  }

  get key(): string {
    return fileIdentityKey(this.dev, this.ino);
  }

  get path(): string {
    return this.builder.origin.path;
  }

  get isFinishing(): boolean {
    return this.finishing;
  }

  /** Reads what was appended; coalesces with a read in progress. */
  wake(): void {
    if (this.finishing) return;
    if (this.reading !== undefined) {
      this.again = true;
      return;
    }
    this.reading = this.loop()
      .catch((err: unknown) => this.ctx.onError(this, err))
      .finally(() => {
        this.reading = undefined;
        // A wake that came while the loop was returning would otherwise wait for the next poll.
        if (this.again && !this.ctx.isStopping()) this.wake();
      });
  }

  /** Waits for the read in progress (after the context started stopping). */
  async settle(): Promise<void> {
    while (this.reading !== undefined) await this.reading;
  }

  markMoved(nowMs: number): void {
    if (this.moved) return;
    this.moved = true;
    this.lastDataMs = nowMs;
    this.ctx.metrics.rotations.inc({ kind: 'moved' });
    this.wake();
  }

  /** Timer work: emits split lines and multiline events that timed out; finishes a moved file that is done. */
  tick(nowMs: number, rotateWaitMs: number): void {
    if (this.finishing || this.truncating || this.gate !== undefined) return;
    if (this.recordId !== undefined) {
      const out = this.decoder.flush(nowMs);
      if (out.length > 0) this.emitDecoded(out, 0);
    }
    const state = {
      moved: this.moved,
      complete: this.complete,
      atEnd: this.position >= this.lastSize,
      idleMs: nowMs - this.lastDataMs,
      successorHasData: this.successorHasData,
    };
    if (shouldFinish(state, rotateWaitMs)) {
      this.finishRequested = true;
      this.wake();
    }
  }

  private async loop(): Promise<void> {
    if (this.gate !== undefined) {
      await Promise.race([this.gate, this.ctx.stopped]);
      this.gate = undefined;
    }
    for (;;) {
      this.again = false;
      if (this.ctx.isStopping() || this.finishing) return;
      const { size } = await this.handle.stat();
      this.lastSize = size;
      if (!this.moved && classifyGrowth(size, this.position, await this.headUnchanged(size)) === 'truncated') {
        // Finished, or switched to the copy: in both cases look again (a finished tailer returns above).
        await this.followTruncation();
        continue;
      }
      await this.readUpTo(size);
      if (this.ctx.isStopping()) return;
      if (this.finishRequested || (this.complete && this.position >= this.lastSize)) {
        this.finish();
        return;
      }
      if (!this.again) return;
    }
  }

  /** False when the file no longer starts with the bytes read before (checked when its size changed). */
  private async headUnchanged(size: number): Promise<boolean> {
    if (this.head.length === 0 || size === this.checkedSize) return true;
    const current = await readHead(this.handle, this.head.length);
    this.checkedSize = size;
    return this.head.isPrefixOf(current);
  }

  private async readUpTo(size: number): Promise<void> {
    const { budget, readChunkBytes } = this.ctx;
    while (this.position < size && !this.finishing) {
      const want = Math.min(readChunkBytes, size - this.position);
      await budget.acquire(want);
      if (this.ctx.isStopping()) {
        budget.release(want);
        return;
      }
      const carried = this.carry.length;
      const buffer = Buffer.allocUnsafe(carried + want);
      this.carry.copy(buffer, 0);
      const { bytesRead } = await this.handle.read(buffer, carried, want, this.position);
      budget.release(want - bytesRead);
      if (bytesRead === 0) return;
      this.consume(buffer.subarray(0, carried + bytesRead), bytesRead);
      this.lastDataMs = this.ctx.nowMs();
    }
  }

  /** Splits and decodes a chunk (carry + new bytes) and hands the batch over. Synchronous by design. */
  private consume(view: Buffer, newBytes: number): void {
    const base = this.position - this.carry.length;
    this.head.observe(view, base);
    const now = this.ctx.nowMs();
    const decoded: DecodedLine[] = [];
    let start = 0;
    let lines = 0;
    if (this.ensureIdentity(false)) {
      for (let nl = view.indexOf(0x0a, start); nl >= 0; nl = view.indexOf(0x0a, start)) {
        for (const d of this.decoder.decode(view.subarray(start, nl + 1), base + start, now)) decoded.push(d);
        start = nl + 1;
        lines++;
      }
      if (view.length - start > this.ctx.maxCarryBytes) {
        // A run without newline longer than any line can be: cut it here, its last byte standing in for the newline
        // (the decoder truncates the line far before that byte anyway), so memory stays bounded.
        for (const d of this.decoder.decode(view.subarray(start, view.length - 1), base + start, now)) decoded.push(d);
        start = view.length;
        lines++;
      }
    }
    this.carry = start < view.length ? Buffer.from(view.subarray(start)) : EMPTY;
    this.position += newBytes;
    this.ctx.metrics.linesRead.inc(lines);
    this.ctx.metrics.bytesRead.inc(newBytes);
    this.emitDecoded(decoded, newBytes);
  }

  private ensureIdentity(final: boolean): boolean {
    if (this.recordId !== undefined) return true;
    if (this.head.identityLength(final) === undefined) return false;
    this.recordId = createRecordIdFactory({ dev: this.idDev, ino: this.idIno, fingerprint: this.head.idFingerprint() });
    return true;
  }

  private emitDecoded(decoded: readonly DecodedLine[], bytes: number, final = false): void {
    const records: LogRecord[] = [];
    const deadLetters: DeadLetterDraft[] = [];
    const recordId = this.recordId;
    for (const d of decoded) {
      const id = recordId!(d.offset);
      if (d.kind === 'line') {
        records.push(this.builder.record(d, id));
        for (const flag of d.flags) this.ctx.metrics.flaggedLines.inc({ flag });
      } else {
        deadLetters.push(this.builder.deadLetter(d, id));
        this.ctx.metrics.deadLetters.inc({ reason: d.error.reason });
      }
    }
    const seq = this.progress.add(this.checkpoint(), bytes, final);
    this.ctx.publish({
      key: this.builder.origin.meta.podUid,
      records,
      deadLetters,
      onAcked: () => this.progress.ack(seq),
    });
  }

  private checkpoint(): CheckpointEntry | undefined {
    const idLength = this.head.identityLength();
    if (idLength === undefined) return undefined;
    return {
      dev: String(this.dev),
      ino: String(this.ino),
      fingerprint: this.head.fingerprint(),
      identity: { dev: String(this.idDev), ino: String(this.idIno), fingerprintLength: idLength },
      path: this.path,
      decoder: this.decoder.checkpoint(),
    };
  }

  private advanced(advance: Advance<CheckpointEntry>): void {
    if (advance.checkpoint !== undefined) this.durableOffset = advance.checkpoint.decoder.offset;
    this.ctx.onAdvance(this, advance);
  }

  /** Nothing more will be read: emits the unterminated tail and everything the decoder still holds. */
  private finish(): void {
    if (this.finishing) return;
    this.finishing = true;
    const now = this.ctx.nowMs();
    const decoded: DecodedLine[] = [];
    if (this.ensureIdentity(true)) {
      if (this.carry.length > 0) {
        const line = Buffer.concat([this.carry, NEWLINE]);
        decoded.push(...this.decoder.decode(line, this.position - this.carry.length, now));
        this.carry = EMPTY;
      }
      decoded.push(...this.decoder.flushAll(now));
    }
    this.emitDecoded(decoded, 0, true);
    this.resolveFinished();
  }

  /**
   * Copytruncate: once every batch of the original is acknowledged, reads on in the copy (same first bytes, same
   * offsets: the records keep their ids) from where reading stopped; without a copy the file is finished.
   */
  private async followTruncation(): Promise<void> {
    this.truncating = true;
    this.ctx.metrics.rotations.inc({ kind: 'copytruncate' });
    try {
      await Promise.race([this.progress.idle(), this.ctx.stopped]);
      if (this.ctx.isStopping()) return;
      const copy = await this.ctx.findCopy(this, this.head.content);
      if (copy === undefined) {
        this.finish();
        return;
      }
      const oldKey = this.key;
      await this.handle.close();
      this.handle = copy.handle;
      this.dev = copy.dev;
      this.ino = copy.ino;
      this.moved = true;
      this.complete = true;
      this.ctx.rekeyed(this, oldKey);
    } finally {
      this.truncating = false;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
