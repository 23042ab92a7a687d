import type { FileHandle } from 'node:fs/promises';
import { fileIdentityKey, type CheckpointEntry } from '../checkpoint/checkpoint-entry';
import type { LineDecoder } from '../parse/line-decoder';
import type { EncodedBatch } from '../publish/batch-encoder';
import { FileProgress, type Advance } from '../publish/file-progress';
import type { RecordBuilder } from '../publish/record-builder';
import { FileHead, readHead } from './file-head';
import { FileLines } from './file-lines';
import { classifyGrowth, shouldFinish } from './rotation';
import type { TailerContext } from './tailer-context';

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
 * handing each chunk's records to the publisher as one batch that carries the checkpoint taken right after it.
 * Follows the file when it is renamed or deleted (to its end) and when it is copytruncated (on into the copy).
 * Decoding and batching of one chunk is synchronous, so the timer flush can run between chunks.
 */
export class FileTailer {
  dev: bigint;
  ino: bigint;
  readonly path: string;
  private handle: FileHandle;
  private readonly lines: FileLines;
  private readonly podUid: string;
  /** File offset of the next byte to read; the lines object carries the unterminated bytes before it. */
  private position: number;
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
    this.path = init.builder.origin.path;
    this.podUid = init.builder.origin.meta.podUid;
    this.lines = new FileLines({
      head: new FileHead(file.head, resume?.identity.fingerprintLength),
      builder: init.builder,
      decoder: init.decoder,
      idDev: resume ? BigInt(resume.identity.dev) : file.dev,
      idIno: resume ? BigInt(resume.identity.ino) : file.ino,
      maxCarryBytes: ctx.maxCarryBytes,
      metrics: ctx.metrics,
      envelopeLimits: ctx.envelopeLimits,
      rowBuffers: ctx.rowBuffers,
      readBuffers: ctx.readBuffers,
    });
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
    const timedOut = this.lines.flushTimedOut(nowMs);
    if (timedOut.length > 0) this.emit(this.lines.encode(timedOut), 0);
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
    const { head } = this.lines;
    if (head.length === 0 || size === this.checkedSize) return true;
    const current = await readHead(this.handle, head.length);
    this.checkedSize = size;
    return head.isPrefixOf(current);
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
      const carried = this.lines.carried;
      const buffer = this.lines.bufferFor(want);
      try {
        const { bytesRead } = await this.handle.read(buffer, carried, want, this.position);
        budget.release(want - bytesRead);
        if (bytesRead === 0) return;
        const now = this.ctx.nowMs();
        const batch = this.lines.encodeChunk(buffer.subarray(0, carried + bytesRead), this.position - carried, now);
        this.position += bytesRead;
        this.ctx.metrics.bytesRead.inc(bytesRead);
        this.emit(batch, bytesRead);
        this.lastDataMs = now;
      } finally {
        // Also before waiting for the budget for the next chunk: only reads in progress hold read buffers.
        this.lines.releaseBuffer();
      }
    }
  }

  /** Hands a batch to the publisher with the checkpoint taken right after it was decoded. */
  private emit(batch: EncodedBatch, bytes: number, final = false): void {
    const seq = this.progress.add(this.lines.checkpoint(this.dev, this.ino), bytes, final);
    const { rows, deadLetters } = batch;
    this.ctx.publish({ key: this.podUid, records: rows, deadLetters, onAcked: () => this.progress.ack(seq) });
  }

  private advanced(advance: Advance<CheckpointEntry>): void {
    if (advance.checkpoint !== undefined) this.durableOffset = advance.checkpoint.decoder.offset;
    this.ctx.onAdvance(this, advance);
  }

  /** Nothing more will be read: emits the unterminated tail and everything the decoder still holds. */
  private finish(): void {
    if (this.finishing) return;
    this.finishing = true;
    this.emit(this.lines.encode(this.lines.decodeFinal(this.position, this.ctx.nowMs())), 0, true);
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
      const copy = await this.ctx.findCopy(this, this.lines.head.content);
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
