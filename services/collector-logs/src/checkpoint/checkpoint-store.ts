import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import { CHECKPOINT_FILE_VERSION, CheckpointFile, entryKey, type CheckpointEntry } from './checkpoint-entry';

export const CHECKPOINT_FILE_NAME = 'checkpoints.json';

/** The state file exists but cannot be used; it was moved aside to `movedTo` and the store starts empty. */
export class CorruptCheckpointFileError extends Error {
  override name = 'CorruptCheckpointFileError';
  constructor(
    message: string,
    readonly movedTo: string,
  ) {
    super(message);
  }
}

/** The state file could not be written (disk full, permissions): the checkpoints stay in memory. */
export class CheckpointWriteError extends Error {
  override name = 'CheckpointWriteError';
}

export interface CheckpointStoreOptions {
  /** At most one write per this interval; changes in between are coalesced into the next write. */
  minWriteIntervalMs: number;
  /** A failed write is reported here and retried with the next change or flush. */
  onWriteError?: (err: unknown) => void;
  /** Called after each successful write. */
  onWritten?: (entries: number) => void;
}

/**
 * Checkpoints of all files, in one JSON file in the state directory, replaced atomically. Callers set an entry only
 * once Kafka acknowledged everything before its offset; the store persists the latest entries soon after (coalesced,
 * one write in progress at a time), and `flush` persists them at once (shutdown).
 */
export class CheckpointStore {
  private readonly entries = new Map<string, CheckpointEntry>();
  private dirty = false;
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;
  private lastError: unknown;

  private constructor(
    readonly path: string,
    private readonly options: CheckpointStoreOptions,
  ) {}

  /**
   * Creates the directory if needed and loads the state file. A corrupt file is moved aside and reported in
   * `problem`: starting over re-reads files (duplicates, never loss), refusing to start would stop collection.
   */
  static async open(
    dir: string,
    options: CheckpointStoreOptions,
  ): Promise<{ store: CheckpointStore; problem?: CorruptCheckpointFileError }> {
    await mkdir(dir, { recursive: true });
    const store = new CheckpointStore(join(dir, CHECKPOINT_FILE_NAME), options);
    const raw = await readFileIfExists(store.path);
    if (raw === undefined) return { store };
    let parsed: ReturnType<typeof CheckpointFile.safeParse>;
    try {
      parsed = CheckpointFile.safeParse(JSON.parse(raw.toString('utf8')));
    } catch (err) {
      return { store, problem: await store.moveAside(`not JSON: ${(err as Error).message}`) };
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { store, problem: await store.moveAside(`${issue?.path.join('.')}: ${issue?.message}`) };
    }
    for (const entry of parsed.data.files) store.entries.set(entryKey(entry), entry);
    return { store };
  }

  private async moveAside(reason: string): Promise<CorruptCheckpointFileError> {
    const movedTo = `${this.path}.corrupt-${Date.now()}`;
    await rename(this.path, movedTo);
    return new CorruptCheckpointFileError(`checkpoint file ${this.path} is unusable (${reason})`, movedTo);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CheckpointEntry | undefined {
    return this.entries.get(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  set(entry: CheckpointEntry): void {
    this.entries.set(entryKey(entry), entry);
    this.changed();
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.changed();
  }

  private changed(): void {
    this.dirty = true;
    if (this.timer !== undefined || this.writing !== undefined) return;
    const wait = Math.max(0, this.lastWriteMs + this.options.minWriteIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeLoop();
    }, wait);
  }

  /** Writes while there are unwritten changes; one loop at a time. Never rejects (errors go to `onWriteError`). */
  private writeLoop(): Promise<void> {
    this.writing ??= (async () => {
      try {
        while (this.dirty) {
          this.dirty = false;
          const files = [...this.entries.values()];
          try {
            await writeFileAtomic(this.path, JSON.stringify({ version: CHECKPOINT_FILE_VERSION, files }));
            this.lastWriteMs = Date.now();
            this.options.onWritten?.(files.length);
          } catch (err) {
            this.dirty = true;
            this.lastError = err;
            this.options.onWriteError?.(err);
            return;
          }
        }
      } finally {
        this.writing = undefined;
      }
    })();
    return this.writing;
  }

  /** Persists all changes now and resolves once written; rejects if the write fails. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.lastError = undefined;
    // A loop already running may have taken its snapshot before the latest changes: it goes round again while dirty.
    await this.writeLoop();
    if (this.dirty) {
      throw new CheckpointWriteError(`checkpoint file ${this.path} not written: ${String(this.lastError)}`, {
        cause: this.lastError,
      });
    }
  }

  /** Stops the background writer (after `flush`). */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
