import type IORedis from 'ioredis';
import {
  decodeIntent,
  decodeWatermark,
  encodeIntent,
  encodeWatermark,
  type Watermark,
  type WriteIntent,
} from './watermark-decision';

/** A series as the state store knows it: its hash, and the Kafka partition (`topic:partition`) it arrives on. */
export interface SeriesRef {
  hash: string;
  scope: string;
}

export interface StoredSeriesState {
  watermark: Watermark | undefined;
  intent: WriteIntent | undefined;
}

/** Redis did not take or give the state: the caller retries after a backoff. */
export class SeriesStateError extends Error {
  override name = 'SeriesStateError';
}

type PipelineResults = [Error | null, unknown][] | null;

function check(results: PipelineResults, what: string): unknown[] {
  if (results === null) throw new SeriesStateError(`${what}: no answer from Redis`);
  const failed = results.find(([err]) => err !== null);
  if (failed) throw new SeriesStateError(`${what}: ${failed[0]!.message}`, { cause: failed[0] });
  return results.map(([, value]) => value);
}

function groupByScope<T extends { scope: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.scope);
    if (group) group.push(item);
    else groups.set(item.scope, [item]);
  }
  return groups;
}

/**
 * Durable remote-write state in Redis (every key under the client's keyPrefix):
 *   wm:<series hash>        `t:offset` watermark (see Watermark); expires `ttlMs` after the last write
 *   intent:<topic:partition> hash: series hash → `lo:hi:hiValue:offset` of a request sent but not yet confirmed
 * Intents are kept per Kafka partition, because a partition has one owner at a time: sinks sharing a consumer group
 * never touch each other's fields, and whoever owns the partition next finds them.
 */
export class SeriesStateStore {
  constructor(
    private readonly redis: IORedis,
    private readonly ttlMs: number,
  ) {}

  async load(refs: readonly SeriesRef[]): Promise<Map<string, StoredSeriesState>> {
    const states = new Map<string, StoredSeriesState>();
    if (refs.length === 0) return states;
    const pipeline = this.redis.pipeline();
    pipeline.mget(refs.map((r) => `wm:${r.hash}`));
    const scopes = [...groupByScope(refs)];
    for (const [scope, members] of scopes) {
      pipeline.hmget(`intent:${scope}`, ...members.map((m) => m.hash));
    }
    const [watermarks, ...intents] = check(await pipeline.exec(), 'reading series state') as (string | null)[][];
    refs.forEach((ref, i) => {
      states.set(ref.hash, { watermark: decodeWatermark(watermarks![i]), intent: undefined });
    });
    scopes.forEach(([, members], s) => {
      members.forEach((member, i) => {
        const intent = decodeIntent(intents[s]?.[i]);
        if (intent) states.get(member.hash)!.intent = intent;
      });
    });
    return states;
  }

  /** Written before a request is sent, so that a crash before its confirmation leaves a trace. */
  async recordIntents(entries: readonly (SeriesRef & { intent: WriteIntent })[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [scope, members] of groupByScope(entries)) {
      const fields: string[] = [];
      for (const m of members) fields.push(m.hash, encodeIntent(m.intent));
      pipeline.hset(`intent:${scope}`, ...fields);
      pipeline.pexpire(`intent:${scope}`, this.ttlMs);
    }
    check(await pipeline.exec(), 'recording intents');
  }

  /** Stores new watermarks and removes the intents of `cleared`, in one round trip. */
  async commit(
    watermarks: readonly { hash: string; watermark: Watermark }[],
    cleared: readonly SeriesRef[],
  ): Promise<void> {
    if (watermarks.length === 0 && cleared.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { hash, watermark } of watermarks)
      pipeline.set(`wm:${hash}`, encodeWatermark(watermark), 'PX', this.ttlMs);
    for (const [scope, members] of groupByScope(cleared)) {
      pipeline.hdel(`intent:${scope}`, ...members.map((m) => m.hash));
    }
    check(await pipeline.exec(), 'committing watermarks');
  }
}
