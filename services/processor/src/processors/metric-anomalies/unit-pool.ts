import type { ProcessorLogger, ProcessorStateStore } from '@daytwo/processor-api';
import type { SampleRoute } from './sample-route';
import { SeriesUnit, type UnitRules } from './series-unit';
import { decodeUnitState, encodeUnitState, seriesStateKey, storedUnitClock } from './unit-json';

export interface UnitEntry {
  unit: SeriesUnit;
  /** Changed since it was last written. */
  dirty: boolean;
  /** Wall time of its last sample. */
  lastSeen: number;
}

export interface UnitPoolStats {
  loaded: number;
  created: number;
  /** Units dropped from memory to stay within `maxSeries` detectors (written first when changed). */
  evicted: number;
  /** Units dropped from memory after being idle. */
  idle: number;
  /** Changed units evicted and dropped before they could be written (the store was down too long). */
  lost: number;
  unreadable: number;
  written: number;
  writeFailed: number;
  /** Writes given up because the stored copy was further on (another replica took the series over). */
  adopted: number;
}

const WRITE_CONCURRENCY = 16;

/**
 * The series units in memory, at most `maxSeries` detectors (least recently updated units evicted), each loaded from
 * the state store when its series shows up and written back when changed. A write first reads the stored copy: when
 * that one is further on in event time (another replica has the series now), it is adopted instead of overwritten.
 */
export class UnitPool {
  readonly stats: UnitPoolStats = {
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
  /** Recency order: the least recently updated first. */
  private readonly entries = new Map<string, UnitEntry>();
  /** Evicted changed units waiting for the next write. */
  private readonly pending = new Map<string, UnitEntry>();
  private weight = 0;

  constructor(
    private readonly store: ProcessorStateStore,
    private readonly logger: ProcessorLogger,
    private readonly rules: UnitRules,
    private readonly maxSeries: number,
  ) {}

  get units(): number {
    return this.entries.size;
  }

  /** Detectors in memory. */
  get detectors(): number {
    return this.weight;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Reads the stored state of the units not in memory. Rejects (retryable) when the store is unreachable. */
  async load(keys: Iterable<string>, now: number): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.entries.has(k) && !this.pending.has(k));
    if (missing.length === 0) return;
    const texts = await Promise.all(missing.map((k) => this.store.get(seriesStateKey(k))));
    missing.forEach((key, i) => {
      const text = texts[i];
      if (text === undefined || this.entries.has(key) || this.pending.has(key)) return;
      const unit = this.parse(key, text);
      if (unit === undefined) return;
      this.insert(key, { unit, dirty: false, lastSeen: now });
      this.stats.loaded++;
    });
    this.trim();
  }

  /** The unit of a route, from memory or new; it becomes the most recently updated one. */
  acquire(route: SampleRoute, now: number): UnitEntry {
    const key = route.key;
    let entry = this.entries.get(key) ?? this.pending.get(key);
    if (entry === undefined) {
      entry = { unit: SeriesUnit.create(route, this.rules), dirty: true, lastSeen: now };
      this.stats.created++;
    }
    this.remove(key);
    this.pending.delete(key);
    this.insert(key, entry);
    entry.lastSeen = now;
    this.trim();
    return entry;
  }

  async writePending(): Promise<void> {
    await this.writeAll([...this.pending]);
  }

  /** Writes every changed unit, then drops those unchanged and idle since `idleBefore` (wall ms). */
  async persist(idleBefore: number): Promise<void> {
    await this.writeAll([...this.pending, ...[...this.entries].filter(([, e]) => e.dirty)]);
    for (const [key, entry] of this.entries) {
      if (entry.dirty || entry.lastSeen >= idleBefore) continue;
      this.remove(key);
      this.stats.idle++;
    }
  }

  private async writeAll(work: ReadonlyArray<[string, UnitEntry]>): Promise<void> {
    for (let i = 0; i < work.length; i += WRITE_CONCURRENCY) {
      await Promise.all(work.slice(i, i + WRITE_CONCURRENCY).map(([key, entry]) => this.write(key, entry)));
    }
  }

  private async write(key: string, entry: UnitEntry): Promise<void> {
    const storeKey = seriesStateKey(key);
    try {
      const text = await this.store.get(storeKey);
      // From here to the serialization nothing awaits: no sample is fed into a state being replaced or written.
      const storedClock = text === undefined ? undefined : storedUnitClock(text);
      const newer = storedClock !== undefined && storedClock > (entry.unit.clock ?? -Infinity);
      // Only a stored copy further on is restored (and adopted): the usual write reads just its clock.
      const stored = newer ? this.parse(key, text!) : undefined;
      if (stored !== undefined) {
        entry.unit = stored;
        entry.dirty = false;
        this.stats.adopted++;
      } else {
        entry.dirty = false;
        await this.store.set(storeKey, encodeUnitState(entry.unit.toJSON()));
        this.stats.written++;
      }
      if (this.pending.get(key) === entry) this.pending.delete(key);
    } catch (err) {
      entry.dirty = true;
      this.stats.writeFailed++;
      this.logger.warn({ err, series: key }, 'metric-anomalies: writing series state failed; retrying later');
    }
  }

  private parse(key: string, text: string): SeriesUnit | undefined {
    try {
      return SeriesUnit.fromJSON(decodeUnitState(text, key), this.rules);
    } catch (err) {
      this.stats.unreadable++;
      this.logger.error({ err, series: key }, 'metric-anomalies: stored series state is unreadable; starting over');
      return undefined;
    }
  }

  private insert(key: string, entry: UnitEntry): void {
    this.entries.set(key, entry);
    this.weight += entry.unit.size;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.weight -= entry.unit.size;
  }

  private trim(): void {
    for (const [key, entry] of this.entries) {
      // The newest unit stays even when it alone is over the limit (a histogram with more quantiles than maxSeries).
      if (this.weight <= this.maxSeries || this.entries.size <= 1) break;
      this.remove(key);
      this.stats.evicted++;
      if (entry.dirty) this.pending.set(key, entry);
    }
    for (const key of this.pending.keys()) {
      if (this.pending.size <= this.maxSeries) break;
      this.pending.delete(key);
      this.stats.lost++;
    }
  }
}
