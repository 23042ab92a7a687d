import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { allTopicNames } from '@daytwo/core';
import type { Kafka } from 'kafkajs';
import { collectorConfig, containerDir } from './collector-run';
import { criLine } from './cri-lines';
import { ElasticsearchBenchError, hitsFromOffset } from './elasticsearch';
import { createTopic } from './kafka-topics';
import { percentile } from './percentile';
import { processorConfig, sinkConfig } from './pipeline-configs';
import { sleep } from './process-stats';
import { ServiceChild } from './service-child';

export interface LatencyAttempt {
  targetRate: number;
  /** Lines written per second, as achieved by the writer. */
  writtenRate: number;
  /** Lines that became searchable per second, from the first to the last one seen. */
  searchableRate: number;
  lines: number;
  seen: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The pipeline kept up: everything searchable soon after writing stopped, latency not growing. */
  sustained: boolean;
}

export interface LatencyOptions {
  workDir: string;
  topicPrefix: string;
  indexPrefix: string;
  partitions: number;
  rates: readonly number[];
  seconds: number;
  pollMs: number;
  collectorNodeArgs: readonly string[];
}

/** Offsets written, with their write times, and which of them were seen in Elasticsearch (and when). */
class Tracker {
  readonly offsets: number[] = [];
  readonly writtenAt: number[] = [];
  readonly latencies: number[] = [];
  private readonly seen = new Set<number>();
  private readonly index = new Map<number, number>();
  /** Every offset before offsets[floor] was seen. */
  floor = 0;

  wrote(offset: number, at: number): void {
    this.index.set(offset, this.offsets.length);
    this.offsets.push(offset);
    this.writtenAt.push(at);
  }

  saw(offset: number, at: number): void {
    const i = this.index.get(offset);
    if (i === undefined || this.seen.has(offset)) return;
    this.seen.add(offset);
    this.latencies[i] = at - this.writtenAt[i]!;
    while (this.floor < this.offsets.length && this.seen.has(this.offsets[this.floor]!)) this.floor++;
  }

  get seenCount(): number {
    return this.seen.size;
  }
}

async function poll(index: string, tracker: Tracker): Promise<void> {
  const from = tracker.offsets[tracker.floor];
  if (from === undefined) return;
  let after: unknown[] | undefined;
  for (;;) {
    let hits;
    try {
      hits = await hitsFromOffset(index, from, after);
    } catch (err) {
      // A new daily index answers 503 until its shard is allocated: the next poll will see the documents.
      if (err instanceof ElasticsearchBenchError && err.status === 503) return;
      throw err;
    }
    const at = performance.timeOrigin + performance.now();
    for (const hit of hits) {
      const offset = hit.fields?.['log.offset']?.[0];
      if (typeof offset === 'number') tracker.saw(offset, at);
    }
    if (hits.length < 5000) return;
    after = hits[hits.length - 1]!.sort;
  }
}

/**
 * Runs collector, processor and sink together and appends lines at a steady rate; a line's latency is from its write
 * to the first search that returns it (the search poll interval bounds the resolution). Rates are tried in order
 * until one is sustained.
 */
export async function runLatency(kafka: Kafka, options: LatencyOptions): Promise<LatencyAttempt[]> {
  for (const topic of allTopicNames(options.topicPrefix)) await createTopic(kafka, topic, options.partitions);
  const root = join(options.workDir, 'latency-pods');
  const file = join(containerDir(root), '0.log');
  const fd = openSync(file, 'a');
  const services: ServiceChild[] = [];
  const attempts: LatencyAttempt[] = [];
  try {
    const { workDir, topicPrefix, indexPrefix } = options;
    services.push(await ServiceChild.start({ service: 'sink', config: sinkConfig(topicPrefix, indexPrefix), workDir }));
    services.push(await ServiceChild.start({ service: 'processor', config: processorConfig(topicPrefix), workDir }));
    const collector = collectorConfig(root, join(workDir, 'latency-state'), topicPrefix);
    services.push(
      await ServiceChild.start({
        service: 'collector-logs',
        config: collector,
        workDir,
        nodeArgs: options.collectorNodeArgs,
      }),
    );
    const tracker = new Tracker();
    let offset = 0;
    let seq = 0;
    for (const rate of options.rates) {
      const attempt = await steadyRun(rate, options, tracker, `${indexPrefix}-logs*`, (at) => {
        const line = Buffer.from(criLine(seq++, Math.floor(at)));
        tracker.wrote(offset, at);
        offset += writeSync(fd, line);
      });
      attempts.push(attempt);
      if (attempt.sustained) break;
    }
  } finally {
    closeSync(fd);
    for (const service of services.reverse()) await service.stop();
  }
  return attempts;
}

async function steadyRun(
  rate: number,
  options: LatencyOptions,
  tracker: Tracker,
  index: string,
  writeLine: (at: number) => void,
): Promise<LatencyAttempt> {
  const firstLine = tracker.offsets.length;
  const started = performance.now();
  let written = 0;
  let nextPoll = started;
  // Lines are written in small bursts every few ms (a timer cannot fire every 0.1 ms), polls in between.
  while (performance.now() - started < options.seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; written < due; written++) writeLine(performance.timeOrigin + performance.now());
    if (performance.now() >= nextPoll) {
      await poll(index, tracker);
      nextPoll = performance.now() + options.pollMs;
    }
    await sleep(5);
  }
  const writeSeconds = (performance.now() - started) / 1000;
  const drainUntil = performance.now() + Math.max(30_000, options.seconds * 3000);
  while (tracker.seenCount < tracker.offsets.length && performance.now() < drainUntil) {
    await poll(index, tracker);
    await sleep(options.pollMs);
  }
  const latencies: number[] = [];
  let firstSeen = Infinity;
  let lastSeen = 0;
  for (let i = firstLine; i < tracker.offsets.length; i++) {
    const latency = tracker.latencies[i];
    if (latency === undefined) continue;
    latencies.push(latency);
    firstSeen = Math.min(firstSeen, tracker.writtenAt[i]! + latency);
    lastSeen = Math.max(lastSeen, tracker.writtenAt[i]! + latency);
  }
  const seen = latencies.length;
  const writtenRate = written / writeSeconds;
  // A pipeline that keeps up makes lines searchable as fast as they are written, only later.
  const searchableRate = seen / ((lastSeen - firstSeen) / 1000);
  return {
    targetRate: rate,
    writtenRate,
    searchableRate,
    lines: written,
    seen,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    sustained: seen === written && searchableRate >= 0.95 * writtenRate,
  };
}
