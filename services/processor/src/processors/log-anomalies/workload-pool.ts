import type { ProcessorLogger, ProcessorStateStore } from '@daytwo/processor-api';
import type { WorkloadIdentity } from '../../anomaly/logs';
import type { WorkloadDetectors, WorkloadState } from './workload-detectors';
import {
  mergeWorkloadStates,
  workloadStateFromJson,
  workloadStateKey,
  workloadStateToJson,
} from './workload-state-json';

export interface PoolEntry {
  state: WorkloadState;
  /** Changed since it was last written. */
  dirty: boolean;
  /** Wall time of its last record. */
  lastSeen: number;
}

export interface WorkloadPoolStats {
  loaded: number;
  created: number;
  /** Dropped from memory by `maxWorkloads` (written first when changed). */
  evicted: number;
  /** Dropped from memory after being idle. */
  idle: number;
  /** Changed states evicted and dropped before they could be written (the store was down too long). */
  lost: number;
  unreadable: number;
  written: number;
  writeFailed: number;
}

const WRITE_CONCURRENCY = 16;

/**
 * The workloads' detector states: in memory up to `maxWorkloads` (least recently seen evicted), loaded from the state
 * store when a workload shows up, written back when changed. Writes merge with what is stored (mergeWorkloadStates),
 * so a replica that took a workload over and one that still holds an old copy of it do not undo each other.
 */
export class WorkloadPool {
  readonly stats: WorkloadPoolStats = {
    loaded: 0,
    created: 0,
    evicted: 0,
    idle: 0,
    lost: 0,
    unreadable: 0,
    written: 0,
    writeFailed: 0,
  };
  private readonly entries = new Map<string, PoolEntry>();
  /** Evicted changed states waiting for the next write. */
  private readonly pending = new Map<string, PoolEntry>();

  constructor(
    private readonly detectors: WorkloadDetectors,
    private readonly store: ProcessorStateStore,
    private readonly logger: ProcessorLogger,
    private readonly maxWorkloads: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  values(): IterableIterator<PoolEntry> {
    return this.entries.values();
  }

  /** Reads the stored state of the workloads not in memory. Rejects (retryable) when the store is unreachable. */
  async load(keys: Iterable<string>, now: number): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.entries.has(k) && !this.pending.has(k));
    if (missing.length === 0) return;
    const texts = await Promise.all(missing.map((k) => this.store.get(workloadStateKey(k))));
    missing.forEach((key, i) => {
      const text = texts[i];
      if (text === undefined || this.entries.has(key) || this.pending.has(key)) return;
      const state = this.parse(key, text);
      if (state === undefined) return;
      this.entries.set(key, { state, dirty: false, lastSeen: now });
      this.stats.loaded++;
    });
    this.trim();
  }

  /** The workload's entry, from memory or a fresh state; marked as seen now. */
  acquire(identity: WorkloadIdentity, minute: number, now: number): PoolEntry {
    const key = identity.key;
    let entry = this.entries.get(key) ?? this.pending.get(key);
    if (entry === undefined) {
      entry = { state: this.detectors.start(identity, minute), dirty: true, lastSeen: now };
      this.stats.created++;
    }
    this.entries.delete(key);
    this.pending.delete(key);
    this.entries.set(key, entry);
    entry.lastSeen = now;
    this.trim();
    return entry;
  }

  /** Evicted changed states not written yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes the evicted changed states. */
  async writePending(): Promise<void> {
    await this.writeAll([...this.pending]);
  }

  /** Writes every changed workload, then drops those unchanged and idle since `idleBefore` (wall ms). */
  async persist(idleBefore: number): Promise<void> {
    await this.writeAll([...this.pending, ...[...this.entries].filter(([, e]) => e.dirty)]);
    for (const [key, entry] of this.entries) {
      if (entry.dirty || entry.lastSeen >= idleBefore) continue;
      this.entries.delete(key);
      this.stats.idle++;
    }
  }

  private async writeAll(work: ReadonlyArray<[string, PoolEntry]>): Promise<void> {
    for (let i = 0; i < work.length; i += WRITE_CONCURRENCY) {
      await Promise.all(work.slice(i, i + WRITE_CONCURRENCY).map(([key, entry]) => this.write(key, entry)));
    }
  }

  private async write(key: string, entry: PoolEntry): Promise<void> {
    const storeKey = workloadStateKey(key);
    try {
      const text = await this.store.get(storeKey);
      const stored = text === undefined ? undefined : this.parse(key, text);
      // From here to the serialization nothing awaits, so no record is counted into a state being replaced.
      if (stored !== undefined) entry.state = mergeWorkloadStates(this.detectors, entry.state, stored);
      entry.dirty = false;
      await this.store.set(storeKey, workloadStateToJson(this.detectors, entry.state));
      if (this.pending.get(key) === entry) this.pending.delete(key);
      this.stats.written++;
    } catch (err) {
      entry.dirty = true;
      this.stats.writeFailed++;
      this.logger.warn({ err, workload: key }, 'log-anomalies: writing workload state failed; retrying later');
    }
  }

  private parse(key: string, text: string): WorkloadState | undefined {
    try {
      return workloadStateFromJson(this.detectors, text);
    } catch (err) {
      this.stats.unreadable++;
      this.logger.error({ err, workload: key }, 'log-anomalies: stored workload state is unreadable; starting over');
      return undefined;
    }
  }

  private trim(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxWorkloads) break;
      this.entries.delete(key);
      this.stats.evicted++;
      if (entry.dirty) this.pending.set(key, entry);
    }
    for (const key of this.pending.keys()) {
      if (this.pending.size <= this.maxWorkloads) break;
      this.pending.delete(key);
      this.stats.lost++;
    }
  }
}
