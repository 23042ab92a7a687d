import { watch, type FSWatcher } from 'node:fs';

export type DirectoryEventHandler = (dir: string, eventType: 'rename' | 'change', filename: string | null) => void;

/**
 * fs.watch on a set of directories (one inotify watch each, not recursive). Watching only speeds things up: the
 * periodic rescan and the tailers' polling find everything anyway, so a watch that cannot be set up (inotify limits,
 * a directory removed meanwhile) is reported once through `onError` and otherwise ignored.
 */
export class DirectoryWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private closed = false;

  constructor(
    private readonly onEvent: DirectoryEventHandler,
    private readonly onError: (dir: string, err: unknown) => void,
  ) {}

  /** Watches exactly `dirs` from now on: new ones are added, the others closed. */
  sync(dirs: readonly string[]): void {
    if (this.closed) return;
    const wanted = new Set(dirs);
    for (const [dir, watcher] of this.watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) if (!this.watchers.has(dir)) this.add(dir);
  }

  private add(dir: string): void {
    try {
      const watcher = watch(dir, { persistent: false }, (eventType, filename) =>
        this.onEvent(dir, eventType, filename === null ? null : String(filename)),
      );
      watcher.on('error', (err) => {
        // The directory went away (or the watch broke): the next sync adds it again if it still exists.
        watcher.close();
        this.watchers.delete(dir);
        this.onError(dir, err);
      });
      this.watchers.set(dir, watcher);
    } catch (err) {
      this.onError(dir, err);
    }
  }

  get size(): number {
    return this.watchers.size;
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
