import { open, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fingerprintMatches, type CheckpointEntry } from '../checkpoint/checkpoint-entry';
import { classifyLogFileName } from '../discovery/layout';
import { readHead } from './file-head';
import type { OpenedFile } from './file-tailer';

/** Opens a file for reading with its identity (from the descriptor, so a concurrent rename cannot mix them up). */
export async function openLogFile(path: string): Promise<OpenedFile | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const st = await handle.stat({ bigint: true });
    return { handle, dev: st.dev, ino: st.ino, head: await readHead(handle) };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The checkpoint to resume from: the stored one when the file still starts with the bytes it was taken on. */
export function resumableCheckpoint(entry: CheckpointEntry | undefined, head: Buffer): CheckpointEntry | undefined {
  return entry !== undefined && fingerprintMatches(entry, head) ? entry : undefined;
}

/**
 * After a copytruncate of `livePath`: its rotated sibling (`<restart>.log.<suffix>`, not compressed) that starts with
 * the same bytes as the truncated file did, opened. Undefined when there is none (a rotation naming scheme the
 * collector does not know, or the copy was compressed already).
 */
export async function findCopyOf(livePath: string, head: Buffer, excludeIno: bigint): Promise<OpenedFile | undefined> {
  const dir = dirname(livePath);
  const liveName = basename(livePath);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const kind = classifyLogFileName(name);
    if (kind?.kind !== 'rotated' || kind.liveName !== liveName) continue;
    const file = await openLogFile(join(dir, name)).catch(() => undefined);
    if (file === undefined) continue;
    const sameStart = file.head.length >= head.length && file.head.subarray(0, head.length).equals(head);
    if (file.ino !== excludeIno && head.length > 0 && sameStart) return file;
    await file.handle.close();
  }
  return undefined;
}
