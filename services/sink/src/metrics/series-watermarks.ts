import type { Logger } from '@daytwo/core';
import { UnanswerableQueryError, type LastSampleQuery } from './last-sample-query';
import { LruMap } from './lru-map';
import { inParallel } from './in-parallel';
import type { RemoteWriteMetrics } from './remote-write-metrics';
import type { SeriesIdentity } from './series';
import type { SeriesRef, SeriesStateStore, StoredSeriesState } from './series-state-store';
import {
  laterWatermark,
  watermarkAfterIntent,
  type ResolvedWatermark,
  type Watermark,
  type WriteIntent,
} from './watermark-decision';

/** A series with the partition it arrives on. */
export interface TrackedSeries extends SeriesRef {
  identity: SeriesIdentity;
}

export interface SeriesWatermarksOptions {
  store: SeriesStateStore;
  /** Without it, unconfirmed requests are sent again (see README). */
  query?: LastSampleQuery | undefined;
  maxSeriesInMemory: number;
  metrics: RemoteWriteMetrics;
  logger: Pick<Logger, 'warn'>;
  /** Prometheus queries run at once while resolving intents. */
  queryConcurrency?: number;
}

/**
 * Per-series watermarks: how far each series is known to be in Prometheus (see Watermark). Kept in an LRU, backed by
 * Redis; a series not in memory is read from Redis, and an intent found there (a request whose answer never arrived)
 * is resolved by asking Prometheus before anything else of the series is sent. Each series is only ever handled by
 * one shard at a time, so there are no concurrent updates of one series.
 */
export class SeriesWatermarks {
  /** hash → watermark; null: the series has none. */
  private readonly known: LruMap<string, Watermark | null>;

  constructor(private readonly options: SeriesWatermarksOptions) {
    this.known = new LruMap(options.maxSeriesInMemory);
  }

  /** The watermark of each series (undefined: none), reading and resolving the ones not in memory. */
  async watermarks(series: readonly TrackedSeries[]): Promise<Map<string, Watermark | undefined>> {
    const result = new Map<string, Watermark | undefined>();
    const missing: TrackedSeries[] = [];
    for (const s of series) {
      if (result.has(s.hash)) continue;
      const value = this.known.get(s.hash);
      if (value === undefined) missing.push(s);
      result.set(s.hash, value ?? undefined);
    }
    if (missing.length === 0) return result;
    const stored = await this.options.store.load(missing);
    const resolved: { hash: string; watermark: Watermark }[] = [];
    const withIntent = missing.filter((s) => stored.get(s.hash)?.intent !== undefined);
    await inParallel(withIntent, this.options.queryConcurrency ?? 8, async (s) => {
      const state = stored.get(s.hash)!;
      const decision = await this.resolve(s, state.watermark, state.intent!, 'restart');
      state.watermark = decision.watermark;
      if (decision.watermark !== undefined) resolved.push({ hash: s.hash, watermark: decision.watermark });
    });
    await this.options.store.commit(resolved, withIntent);
    for (const s of missing) {
      const watermark = (stored.get(s.hash) as StoredSeriesState).watermark;
      this.known.set(s.hash, watermark ?? null);
      result.set(s.hash, watermark);
    }
    return result;
  }

  /**
   * What Prometheus holds of an intent: asks the query endpoint for the newest sample in [lo, hi]. Throws
   * PrometheusQueryError when the endpoint should be asked again later.
   */
  async resolve(
    series: TrackedSeries,
    watermark: Watermark | undefined,
    intent: WriteIntent,
    when: 'restart' | 'retry',
  ): Promise<ResolvedWatermark> {
    let newest: number | undefined | 'unverified' = 'unverified';
    if (this.options.query !== undefined) {
      try {
        newest = await this.options.query.newestIn(series.identity.labels, intent.lo, intent.hi);
      } catch (err) {
        if (!(err instanceof UnanswerableQueryError)) throw err;
        this.options.logger.warn({ err, series: series.identity.key }, 'cannot check what Prometheus holds');
      }
    }
    const decision = watermarkAfterIntent(watermark, intent, newest);
    this.options.metrics.recoveries.inc({ when, resolution: decision.resolution });
    return decision;
  }

  /** Drops what memory knows of these series: they are read (and their intents resolved) from Redis next time. */
  forget(hashes: Iterable<string>): void {
    for (const hash of hashes) this.known.delete(hash);
  }

  async recordIntents(entries: readonly (SeriesRef & { intent: WriteIntent })[]): Promise<void> {
    await this.options.store.recordIntents(entries);
  }

  /** After a request: raises the watermarks of the series it stored, clears the intents of all its series. */
  async commit(watermarks: readonly { hash: string; watermark: Watermark }[], cleared: readonly SeriesRef[]) {
    const raised = watermarks.map(({ hash, watermark }) => ({
      hash,
      watermark: laterWatermark(this.known.get(hash) ?? undefined, watermark),
    }));
    await this.options.store.commit(raised, cleared);
    for (const { hash, watermark } of raised) this.known.set(hash, watermark);
  }
}
