import { hash } from 'node:crypto';
import { z } from 'zod';
import { validateCheckpoint } from '../parse/decoder-checkpoint';

/** The fingerprint covers at most this many first bytes of a file. */
export const FINGERPRINT_MAX_BYTES = 1024;

const Decimal = z.string().regex(/^\d{1,30}$/, 'expected a decimal integer');
const Offset = z.number().int().min(-1);
const FingerprintLength = z.number().int().min(1).max(FINGERPRINT_MAX_BYTES);

const DecoderCheckpointSchema = z
  .object({ offset: Offset, consumedEnd: Offset, pendingStdout: Offset, pendingStderr: Offset })
  .strict()
  .superRefine((value, ctx) => {
    try {
      validateCheckpoint(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  });

/**
 * Where reading of one physical file stopped, valid only for the file it describes: same device and inode AND the same
 * first `fingerprint.length` bytes (an inode number is reused once a file is deleted; its first bytes, starting with a
 * runtime timestamp, tell the files apart). The fingerprint grows with a young file up to FINGERPRINT_MAX_BYTES.
 *
 * `identity` is what record ids derive from: the device and inode of the file the lines were first read from (a
 * copytruncate copy keeps its original's) and the length of the id fingerprint, the file's first line (at most
 * FINGERPRINT_MAX_BYTES), whose bytes are the first `identity.fingerprintLength` bytes of this file.
 */
export const CheckpointEntry = z
  .object({
    dev: Decimal,
    ino: Decimal,
    fingerprint: z.object({ length: FingerprintLength, sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    identity: z.object({ dev: Decimal, ino: Decimal, fingerprintLength: FingerprintLength }).strict(),
    path: z.string().min(1),
    decoder: DecoderCheckpointSchema,
  })
  .strict()
  .refine((e) => e.identity.fingerprintLength <= e.fingerprint.length, {
    message: 'identity.fingerprintLength exceeds fingerprint.length',
    path: ['identity', 'fingerprintLength'],
  });
export type CheckpointEntry = z.output<typeof CheckpointEntry>;

export const CHECKPOINT_FILE_VERSION = 1;
export const CheckpointFile = z
  .object({ version: z.literal(CHECKPOINT_FILE_VERSION), files: z.array(CheckpointEntry) })
  .strict();

export function fileIdentityKey(dev: bigint | string, ino: bigint | string): string {
  return `${dev}:${ino}`;
}

export function entryKey(entry: Pick<CheckpointEntry, 'dev' | 'ino'>): string {
  return fileIdentityKey(entry.dev, entry.ino);
}

export function sha256Hex(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex');
}

/** The fingerprint to persist for what is known of a file's first bytes. */
export function fingerprintOf(head: Uint8Array): CheckpointEntry['fingerprint'] {
  const length = Math.min(head.length, FINGERPRINT_MAX_BYTES);
  return { length, sha256: sha256Hex(head.subarray(0, length)) };
}

/** Whether `head` (the file's first bytes, as many as could be read) is the file the entry describes. */
export function fingerprintMatches(entry: Pick<CheckpointEntry, 'fingerprint'>, head: Uint8Array): boolean {
  const { length, sha256 } = entry.fingerprint;
  return head.length >= length && sha256Hex(head.subarray(0, length)) === sha256;
}

/**
 * Length of the id fingerprint: the first line including its newline, capped at FINGERPRINT_MAX_BYTES. It depends on
 * the content only, never on how much had been written when the file was first read, so a file read again after a
 * restart gets the same record ids. Undefined while the first line is incomplete and shorter than the cap, unless
 * `final` (nothing more will be written: whatever is there is the first line).
 */
export function idFingerprintLength(head: Uint8Array, final = false): number | undefined {
  const limit = Math.min(head.length, FINGERPRINT_MAX_BYTES);
  const newline = head.subarray(0, limit).indexOf(0x0a);
  if (newline >= 0) return newline + 1;
  if (head.length >= FINGERPRINT_MAX_BYTES) return FINGERPRINT_MAX_BYTES;
  return final && head.length > 0 ? head.length : undefined;
}
