import { createKafka, deleteTopics, ensureTopics, topicNames, withAdmin } from '@daytwo/core';
import IORedis from 'ioredis';
import { ServiceChild } from '../logs/service-child';
import type { MetricsBenchArgs } from './args';
import { collectorConfig, processorConfig, sinkConfig, type DaytwoRunNames } from './daytwo-configs';
import { measureWindow, type WindowResult } from './measure-window';
import { PROMETHEUS_URL } from './prometheus-samples';

const BROKERS = (process.env['DAYTWO_KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const REDIS_URL = process.env['DAYTWO_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface DaytwoCounters {
  /** collector-metrics: samples taken from the targets (all of them, report series excluded). */
  scrapedSamples: number;
  failedScrapes: number;
  skippedScrapes: number;
  /** sink: samples Prometheus accepted; requests it refused with a 4xx; dead letters. */
  writtenSamples: number;
  rejectedRequests: number;
  deadLetters: number;
  /** processor: anomaly events it published (metric-anomalies in the shipped chain). */
  anomalies: number;
}

export interface DaytwoResult extends WindowResult {
  counters: DaytwoCounters;
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

async function counters(collector: ServiceChild, processor: ServiceChild, sink: ServiceChild): Promise<DaytwoCounters> {
  const text = await (await fetch(`${sink.metricsUrl}/metrics`)).text();
  const rejected = text
    .split('\n')
    .filter((l) => /^daytwo_sink_remote_write_requests_total\{[^}]*status="4\d\d"/.test(l))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  return {
    scrapedSamples: await collector.metric('daytwo_scraped_samples_total'),
    failedScrapes: await collector.metric('daytwo_scrape_failures_total'),
    skippedScrapes: await collector.metric('daytwo_scrapes_skipped_total'),
    writtenSamples: await sink.metric('daytwo_sink_remote_write_samples_written_total'),
    rejectedRequests: rejected,
    deadLetters: await sink.metric('daytwo_sink_remote_write_dead_letter_total'),
    anomalies: await processor.metric('daytwo_processor_anomalies_published_total'),
  };
}

/**
 * collector-metrics → Kafka → processor (metrics pipeline) → sink → Prometheus, each a process on its built dist with
 * the shipped config (config/*.yaml) isolated by topic prefix, groups and Redis keys. Everything is removed after.
 */
export async function runDaytwo(
  args: MetricsBenchArgs,
  addresses: readonly string[],
  workDir: string,
  runId: string,
): Promise<DaytwoResult> {
  const names: DaytwoRunNames = {
    brokers: BROKERS,
    topicPrefix: runId,
    groupPrefix: runId,
    redisKeyPrefix: `${runId}:`,
    redisUrl: REDIS_URL,
    prometheusUrl: PROMETHEUS_URL,
    job: `${runId}_daytwo`,
  };
  const kafka = createKafka({ brokers: BROKERS, clientId: 'daytwo-bench-metrics' }, { logLevel: 'nothing' });
  const topics = topicNames(runId);
  const started: ServiceChild[] = [];
  try {
    await ensureTopics(
      kafka,
      [topics.metricsRaw, topics.metricsProcessed, topics.deadLetter, topics.anomalies].map((name) => ({
        name,
        partitions: args.partitions,
      })),
    );
    const sink = await ServiceChild.start({ service: 'sink', config: sinkConfig(names), workDir });
    started.push(sink);
    const processor = await ServiceChild.start({
      service: 'processor',
      config: processorConfig(names, args.processors),
      workDir,
    });
    started.push(processor);
    const collector = await ServiceChild.start({
      service: 'collector-metrics',
      config: collectorConfig(names, addresses, args.intervalSeconds),
      workDir,
    });
    started.push(collector);
    const processes = [
      { name: 'collector-metrics', pid: collector.pid },
      { name: 'processor', pid: processor.pid },
      { name: 'sink', pid: sink.pid },
    ];
    const written = () => sink.metric('daytwo_sink_remote_write_samples_written_total');
    const result = await measureWindow(names.job, processes, args, written);
    return { ...result, counters: await counters(collector, processor, sink) };
  } finally {
    // Upstream first, each by its own PID.
    for (const service of started.reverse()) await service.stop();
    await deleteTopics(kafka, Object.values(topics)).catch(() => undefined);
    await withAdmin(kafka, (admin) =>
      admin.deleteGroups([`${runId}_processor`, `${runId}_sink`]).catch(() => undefined),
    ).catch(() => undefined);
    await deleteRedisKeys(names.redisKeyPrefix);
  }
}
