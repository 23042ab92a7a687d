import { allTopicNames } from '@daytwo/core';
import type { Kafka } from 'kafkajs';
import { createTopic } from './kafka-topics';
import { processorConfig, sinkConfig } from './pipeline-configs';
import { cpuSeconds, peakRssMb, sleep } from './process-stats';
import { ServiceChild, type DaytwoService } from './service-child';

/** Throughput of one stage (processor or sink) working off a backlog of records. */
export interface StageResult {
  stage: 'processor' | 'sink';
  /** Records handled inside the measured window (from the first progress seen to the last record). */
  records: number;
  seconds: number;
  cpuSeconds: number;
  recordsPerSecond: number;
  recordsPerCpuSecond: number;
  peakRssMb: number;
  settings: string;
}

interface Sample {
  at: number;
  cpu: number;
  count: number;
}

/**
 * Polls the service's counter until it reaches `target`. The window starts at the first sample with progress, so the
 * start-up and the consumer group join are not counted, and ends at the sample that saw the target.
 */
async function measureBacklog(service: ServiceChild, metric: string, target: number): Promise<[Sample, Sample]> {
  let first: Sample | undefined;
  const deadline = Date.now() + 60 * 60_000;
  for (;;) {
    const count = await service.metric(metric);
    const sample = { at: performance.now(), cpu: cpuSeconds(service.pid) ?? 0, count };
    if (first === undefined && count > 0) first = sample;
    if (first !== undefined && count >= target) return [first, sample];
    if (!service.child.running)
      throw new Error(`${service.child.name} exited with ${String(await service.child.exited)}`);
    if (Date.now() > deadline) throw new Error(`${service.child.name}: ${count} of ${target} after an hour`);
    await sleep(first === undefined ? 50 : 200);
  }
}

async function runStage(
  stage: StageResult['stage'],
  service: DaytwoService,
  config: Record<string, unknown>,
  metric: string,
  target: number,
  workDir: string,
  settings: string,
): Promise<StageResult> {
  const child = await ServiceChild.start({ service, config, workDir });
  try {
    const [first, last] = await measureBacklog(child, metric, target);
    const records = last.count - first.count;
    const seconds = (last.at - first.at) / 1000;
    const cpu = last.cpu - first.cpu;
    return {
      stage,
      records,
      seconds,
      cpuSeconds: cpu,
      recordsPerSecond: records / seconds,
      recordsPerCpuSecond: cpu > 0 ? records / cpu : Infinity,
      peakRssMb: peakRssMb(child.pid) ?? 0,
      settings,
    };
  } finally {
    await child.stop();
  }
}

/**
 * The processor on the raw topic of `topicPrefix` (filled by a collector run) until all `records` are on the enriched
 * topic, then the sink from there into Elasticsearch until all are written.
 */
export async function runPipeline(
  kafka: Kafka,
  options: { topicPrefix: string; indexPrefix: string; records: number; workDir: string; partitions: number },
): Promise<StageResult[]> {
  for (const topic of allTopicNames(options.topicPrefix)) await createTopic(kafka, topic, options.partitions);
  const processor = await runStage(
    'processor',
    'processor',
    processorConfig(options.topicPrefix),
    'daytwo_processor_published_records_total',
    options.records,
    options.workDir,
    'parse-json (promote), normalize, redact, log-templates; in-memory state; batches of 2000',
  );
  const sink = await runStage(
    'sink',
    'sink',
    sinkConfig(options.topicPrefix, options.indexPrefix),
    'daytwo_sink_es_docs_written_total',
    options.records,
    options.workDir,
    'daily indices, 1 shard, 0 replicas, bulk of 1000 docs, 2 requests in flight',
  );
  return [processor, sink];
}
