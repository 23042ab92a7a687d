import { DEAD_LETTER_REASONS, MetricSample, type ConsumedRecord, type DeadLetterInput } from '@daytwo/core';
import { float64ToBits, STALE_NAN_BITS } from './float64-bits';
import { remoteWriteProblem, seriesLabels } from './remote-write-encoder';
import type { RemoteWriteMetrics } from './remote-write-metrics';
import { seriesIdentity, seriesKey, shardOf, type SeriesIdentity } from './series';
import { WriteTicket, type QueuedSample } from './write-ticket';

/** Where the store hands samples on: the shards. */
export interface ShardSet {
  readonly count: number;
  enqueue(shard: number, samples: readonly QueuedSample[]): void;
}

export interface MetricStoreOptions {
  shards: ShardSet;
  /** The Kafka dead-letter topic. */
  deadLetters: { publish(inputs: readonly Omit<DeadLetterInput, 'stage'>[]): Promise<unknown> };
  metrics: RemoteWriteMetrics;
  now?: () => number;
}

export interface MetricWriteReport {
  written: number;
  /** Skipped: their series already held them (redelivery). */
  skipped: number;
  deadLettered: number;
}

type DeadLetter = Omit<DeadLetterInput, 'stage'>;

function schemaProblem(record: unknown): string | undefined {
  const value = (record as { value?: unknown } | null)?.value;
  // The schema's number excludes NaN and ±Inf, which are valid sample values (decoded from the envelope).
  const checked = typeof value === 'number' && !Number.isFinite(value) ? { ...(record as object), value: 0 } : record;
  const parsed = MetricSample.safeParse(checked);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`)
    .join('; ');
}

function deadLetter(consumed: ConsumedRecord, reason: string, error: string): DeadLetter {
  const { topic, partition, offset, headers } = consumed.origin;
  return { reason, error, source: { topic, partition, offset }, recordId: consumed.id, raw: consumed.record, headers };
}

/**
 * The handler of the metrics pipeline: validates the samples of a consumed batch, routes them to their series'
 * shard and resolves once every one of them is written, skipped as already written, or dead-lettered (invalid
 * records, and samples the endpoint refused with its message). Only then may the batch's offsets be committed.
 */
export class MetricStore {
  constructor(private readonly options: MetricStoreOptions) {}

  async write(records: readonly ConsumedRecord[]): Promise<MetricWriteReport> {
    const { shards, metrics } = this.options;
    const now = (this.options.now ?? Date.now)();
    const ticket = new WriteTicket();
    const deadLetters: DeadLetter[] = [];
    const perShard: QueuedSample[][] = Array.from({ length: shards.count }, () => []);
    const identities = new Map<string, SeriesIdentity>();
    let count = 0;
    for (const consumed of records) {
      if (consumed.kind !== 'metric') {
        deadLetters.push(
          deadLetter(consumed, DEAD_LETTER_REASONS.kindUnexpected, `record kind ${consumed.kind} is not metric`),
        );
        continue;
      }
      const problem = schemaProblem(consumed.record) ?? remoteWriteProblem(consumed.record);
      if (problem !== undefined) {
        deadLetters.push(deadLetter(consumed, DEAD_LETTER_REASONS.recordInvalid, problem));
        continue;
      }
      const sample = consumed.record;
      const labels = seriesLabels(sample);
      const key = seriesKey(labels);
      let series = identities.get(key);
      if (series === undefined) {
        series = seriesIdentity(labels);
        identities.set(key, series);
      }
      perShard[shardOf(series.hash, shards.count)]!.push({
        series,
        scope: `${consumed.origin.topic}:${consumed.origin.partition}`,
        timestamp: sample.timestamp,
        offset: Number(consumed.origin.offset),
        bits: sample.stale === true ? { ...STALE_NAN_BITS } : float64ToBits(sample.value),
        stale: sample.stale === true,
        enqueuedAt: now,
        ticket,
        record: consumed,
      });
      count++;
    }
    ticket.expect(count);
    perShard.forEach((samples, shard) => shards.enqueue(shard, samples));
    await ticket.done;

    for (const r of ticket.rejected) deadLetters.push(deadLetter(r.sample.record, r.reason, r.error));
    if (deadLetters.length > 0) {
      await this.options.deadLetters.publish(deadLetters);
      for (const d of deadLetters) metrics.deadLettered.inc({ reason: d.reason });
    }
    return { written: ticket.written, skipped: ticket.dropped, deadLettered: deadLetters.length };
  }
}
