import { dirname } from 'node:path';
import type { FileTailer } from './file-tailer';

/** The running tailers, by file identity key and by container directory (to wake them on directory events). */
export class TailerSet {
  private readonly byKey = new Map<string, FileTailer>();
  private readonly byDir = new Map<string, Set<FileTailer>>();

  get size(): number {
    return this.byKey.size;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  add(tailer: FileTailer): void {
    this.byKey.set(tailer.key, tailer);
    const dir = dirname(tailer.path);
    let set = this.byDir.get(dir);
    if (set === undefined) this.byDir.set(dir, (set = new Set()));
    set.add(tailer);
  }

  remove(tailer: FileTailer): void {
    if (this.byKey.get(tailer.key) === tailer) this.byKey.delete(tailer.key);
    const dir = dirname(tailer.path);
    const set = this.byDir.get(dir);
    set?.delete(tailer);
    if (set?.size === 0) this.byDir.delete(dir);
  }

  /** The tailer reads another physical file now (a copytruncate copy). */
  rekey(tailer: FileTailer, oldKey: string): void {
    if (this.byKey.get(oldKey) === tailer) this.byKey.delete(oldKey);
    this.byKey.set(tailer.key, tailer);
  }

  all(): FileTailer[] {
    return [...this.byKey.values()];
  }

  inDirectory(dir: string): Iterable<FileTailer> {
    return this.byDir.get(dir) ?? [];
  }

  /** Tailers of files that were at `livePath` and moved away (renamed, deleted, copied), not yet released. */
  movedAt(livePath: string): FileTailer[] {
    return this.all().filter((t) => t.moved && t.path === livePath);
  }

  /** Bytes in the files beyond their acknowledged checkpoints (as of the last size seen). */
  lagBytes(): number {
    let lag = 0;
    for (const t of this.byKey.values()) lag += Math.max(0, t.lastSize - t.durableOffset);
    return lag;
  }
}
