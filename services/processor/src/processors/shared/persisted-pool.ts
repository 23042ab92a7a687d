import type { ProcessorLogger, ProcessorStateStore } from '@daytwo/processor-api';

export interface PersistedEntry<S> {
  state: S;
  /** Changed since it was last written. */
  dirty: boolean;
  /** Wall time it was last acquired. */
  lastSeen: number;
}

export interface PersistedPoolStats {
  loaded: number;
  created: number;
  /** Dropped from memory to stay within `maxWeight` (written first when changed). */
  evicted: number;
  /** Dropped from memory after being idle. */
  idle: number;
  /** Changed states evicted and dropped before they could be written (the store was down too long). */
  lost: number;
  unreadable: number;
  written: number;
  writeFailed: number;
  /** Writes given up because the stored copy was taken instead (another replica has the key now). */
  adopted: number;
}

/** The stored copy a write meets: its text, and the state in it read on demand (undefined when unreadable). */
export interface StoredCopy<S> {
  readonly text: string;
  read(): S | undefined;
}

/** What a write does: store `write` (which becomes the entry's state), or take `adopt` instead and store nothing. */
export type Reconciled<S> = { readonly write: S } | { readonly adopt: S };

export interface PersistedPoolOptions<S> {
  /** Log lines read `<processor>: … <noun> state …`, with the key under the field `<noun>`. */
  readonly processor: string;
  readonly noun: string;
  /** Bound on the summed weight in memory, and on the number of evicted changed states waiting to be written. */
  readonly maxWeight: number;
  storeKey(key: string): string;
  encode(state: S): string;
  /** Throws on a text that cannot be used. */
  decode(text: string, key: string): S;
  /** Memory weight of a state; it must not change while the state is in the pool (it is summed when inserted). */
  weight(state: S): number;
  /** Decides a write when the store holds a copy of the key (synchronous: nothing changes `mine` meanwhile). */
  reconcile(stored: StoredCopy<S>, mine: S): Reconciled<S>;
}

const WRITE_CONCURRENCY = 16;

/**
 * Processor state per key, kept in memory up to `maxWeight` (least recently acquired evicted), loaded from the state
 * store when its key shows up and written back when changed: every persist, and soon after being evicted. A write
 * first reads the stored copy and lets `reconcile` decide, since another replica may have taken the key over.
 */
export class PersistedPool<S> {
  readonly stats: PersistedPoolStats = {
    loaded: 0,
    created: 0,
    evicted: 0,
    idle: 0,
    lost: 0,
    unreadable: 0,
    written: 0,
    writeFailed: 0,
    adopted: 0,
  };
  /** Recency order: the least recently acquired first. */
  private readonly entries = new Map<string, PersistedEntry<S>>();
  /** Evicted changed states waiting for the next write. */
  private readonly pending = new Map<string, PersistedEntry<S>>();
  private summedWeight = 0;

  constructor(
    private readonly store: ProcessorStateStore,
    private readonly logger: ProcessorLogger,
    private readonly options: PersistedPoolOptions<S>,
  ) {}

  /** Entries in memory. */
  get size(): number {
    return this.entries.size;
  }

  /** Summed weight of the entries in memory (bounded by `maxWeight`). */
  get weight(): number {
    return this.summedWeight;
  }

  /** Evicted changed states not written yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  values(): IterableIterator<PersistedEntry<S>> {
    return this.entries.values();
  }

  /** Reads the stored state of the keys not in memory. Rejects (retryable) when the store is unreachable. */
  async load(keys: Iterable<string>, now: number): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.entries.has(k) && !this.pending.has(k));
    if (missing.length === 0) return;
    const texts = await Promise.all(missing.map((k) => this.store.get(this.options.storeKey(k))));
    missing.forEach((key, i) => {
      const text = texts[i];
      if (text === undefined || this.entries.has(key) || this.pending.has(key)) return;
      const state = this.read(key, text);
      if (state === undefined) return;
      this.insert(key, { state, dirty: false, lastSeen: now });
      this.stats.loaded++;
    });
    this.trim();
  }

  /** The entry of a key, from memory or `create`d; it becomes the most recently acquired one. */
  acquire(key: string, now: number, create: () => S): PersistedEntry<S> {
    const held = this.entries.get(key);
    if (held !== undefined) {
      // The common case, once per record: only its place in the recency order changes, not the summed weight.
      this.entries.delete(key);
      this.entries.set(key, held);
      held.lastSeen = now;
      return held;
    }
    let entry = this.pending.get(key);
    if (entry === undefined) {
      entry = { state: create(), dirty: true, lastSeen: now };
      this.stats.created++;
    }
    this.pending.delete(key);
    this.insert(key, entry);
    entry.lastSeen = now;
    this.trim();
    return entry;
  }

  /** Writes the evicted changed states. */
  async writePending(): Promise<void> {
    await this.writeAll([...this.pending]);
  }

  /** Writes every changed state, then drops those unchanged and idle since `idleBefore` (wall ms). */
  async persist(idleBefore: number): Promise<void> {
    await this.writeAll([...this.pending, ...[...this.entries].filter(([, e]) => e.dirty)]);
    for (const [key, entry] of this.entries) {
      if (entry.dirty || entry.lastSeen >= idleBefore) continue;
      this.remove(key);
      this.stats.idle++;
    }
  }

  private async writeAll(work: ReadonlyArray<[string, PersistedEntry<S>]>): Promise<void> {
    for (let i = 0; i < work.length; i += WRITE_CONCURRENCY) {
      await Promise.all(work.slice(i, i + WRITE_CONCURRENCY).map(([key, entry]) => this.write(key, entry)));
    }
  }

  private async write(key: string, entry: PersistedEntry<S>): Promise<void> {
    const storeKey = this.options.storeKey(key);
    try {
      const text = await this.store.get(storeKey);
      // From here to the serialization nothing awaits: no change goes into a state being replaced or written.
      const next: Reconciled<S> =
        text === undefined
          ? { write: entry.state }
          : this.options.reconcile({ text, read: () => this.read(key, text) }, entry.state);
      entry.dirty = false;
      if ('adopt' in next) {
        this.replace(key, entry, next.adopt);
        this.stats.adopted++;
      } else {
        this.replace(key, entry, next.write);
        await this.store.set(storeKey, this.options.encode(next.write));
        this.stats.written++;
      }
      if (this.pending.get(key) === entry) this.pending.delete(key);
    } catch (err) {
      entry.dirty = true;
      this.stats.writeFailed++;
      const { processor, noun } = this.options;
      this.logger.warn({ err, [noun]: key }, `${processor}: writing ${noun} state failed; retrying later`);
    }
  }

  private read(key: string, text: string): S | undefined {
    try {
      return this.options.decode(text, key);
    } catch (err) {
      this.stats.unreadable++;
      const { processor, noun } = this.options;
      this.logger.error({ err, [noun]: key }, `${processor}: stored ${noun} state is unreadable; starting over`);
      return undefined;
    }
  }

  private insert(key: string, entry: PersistedEntry<S>): void {
    this.entries.set(key, entry);
    this.summedWeight += this.options.weight(entry.state);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.summedWeight -= this.options.weight(entry.state);
  }

  /** Gives an entry another state, keeping the summed weight right when the entry is in memory. */
  private replace(key: string, entry: PersistedEntry<S>, state: S): void {
    if (state === entry.state) return;
    if (this.entries.get(key) === entry) {
      this.summedWeight += this.options.weight(state) - this.options.weight(entry.state);
    }
    entry.state = state;
  }

  private trim(): void {
    if (this.summedWeight <= this.options.maxWeight && this.pending.size <= this.options.maxWeight) return;
    for (const [key, entry] of this.entries) {
      // The newest entry stays even when it alone is over the bound (a histogram with more quantiles than maxSeries).
      if (this.summedWeight <= this.options.maxWeight || this.entries.size <= 1) break;
      this.remove(key);
      this.stats.evicted++;
      if (entry.dirty) this.pending.set(key, entry);
    }
    for (const key of this.pending.keys()) {
      if (this.pending.size <= this.options.maxWeight) break;
      this.pending.delete(key);
      this.stats.lost++;
    }
  }
}
