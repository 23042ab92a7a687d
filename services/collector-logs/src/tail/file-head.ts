import type { FileHandle } from 'node:fs/promises';
import {
  FINGERPRINT_MAX_BYTES,
  fingerprintOf,
  idFingerprintLength,
  type CheckpointEntry,
} from '../checkpoint/checkpoint-entry';

/** Reads up to `length` first bytes of an open file (fewer when it is shorter). */
export async function readHead(handle: FileHandle, length = FINGERPRINT_MAX_BYTES): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * The first bytes of a file (at most FINGERPRINT_MAX_BYTES), as far as they were read, and what derives from them: the
 * growing fingerprint persisted with checkpoints and the fixed-length id fingerprint (the first line).
 */
export class FileHead {
  private bytes: Buffer;
  private idLength: number | undefined;
  private cachedFingerprint: CheckpointEntry['fingerprint'] | undefined;

  constructor(initial: Buffer = Buffer.alloc(0), idLength?: number) {
    this.bytes = Buffer.from(initial.subarray(0, FINGERPRINT_MAX_BYTES));
    this.idLength = idLength;
  }

  get length(): number {
    return this.bytes.length;
  }

  get content(): Buffer {
    return this.bytes;
  }

  /** Takes what it lacks from `chunk`, which holds the file's bytes from `offset` on. */
  observe(chunk: Buffer, offset: number): void {
    const have = this.bytes.length;
    if (have >= FINGERPRINT_MAX_BYTES || offset > have) return;
    const from = have - offset;
    const to = Math.min(chunk.length, FINGERPRINT_MAX_BYTES - offset);
    if (to <= from) return;
    this.bytes = Buffer.concat([this.bytes, chunk.subarray(from, to)]);
    this.cachedFingerprint = undefined;
  }

  /** Whether the file still starts with the bytes seen so far (`current`: its first bytes read now). */
  isPrefixOf(current: Buffer): boolean {
    return current.length >= this.bytes.length && current.subarray(0, this.bytes.length).equals(this.bytes);
  }

  fingerprint(): CheckpointEntry['fingerprint'] {
    this.cachedFingerprint ??= fingerprintOf(this.bytes);
    return this.cachedFingerprint;
  }

  /** The id fingerprint length once the first line is known (see idFingerprintLength); fixed from then on. */
  identityLength(final = false): number | undefined {
    this.idLength ??= idFingerprintLength(this.bytes, final);
    return this.idLength;
  }

  idFingerprint(): Buffer {
    if (this.idLength === undefined) throw new Error('id fingerprint read before the first line was known');
    return this.bytes.subarray(0, this.idLength);
  }
}
