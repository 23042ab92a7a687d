import { decodeEnvelope, type AnomalyEvent } from '@daytwo/core';
import { seriesId, seriesStateKey } from '@daytwo/processor';
import type { Consumer } from 'kafkajs';
import { httpTarget, type HttpTarget } from '../integration/collector-metrics-support';
import { testEnv } from '../support/env';
import { E2E_CONSUMER, PipelineHarness } from '../support/pipeline-harness';
import { PodLogTree } from '../support/pod-log-generator';
import { redisClient } from '../support/redis';
import { buildDist } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { collectorLogsConfig, E2E_LOG_PROCESSORS } from './logs-pipeline';

/**
 * The anomaly detectors inside the processor on the live pipeline: collector-metrics scrapes a gauge this test serves,
 * which steps up after a warm-up; collector-logs tails a pod whose log shows an error burst; the processor runs both
 * pipelines with metric-anomalies and log-anomalies; the test reads the AnomalyEvents from the anomaly topic. All are
 * real child processes on the built dist, against the local Kafka and Redis.
 *
 * Test-only settings, for the test's length on a loaded machine: a 250 ms scrape interval and a metric detector
 * warm-up of 60 samples (default 150), so the step comes after 25 s; 5 normal samples resolve (default 10). The
 * gauge is flat before the step so that a scrape missed under load changes nothing. The log lines carry CRI time
 * stamps spanning the last 30 minutes, written at once: log anomalies run on the records' event time.
 */
const h = new PipelineHarness('e2eanomaly');
const NAMESPACE = 'shop';
const POD = 'checkout-7d9c8b6f5d-x2x4q';
const WORKLOAD = { namespace: NAMESPACE, name: 'checkout' };
const GAUGE = 'e2e_queue_depth';
const STEP_AT_SCRAPE = 90;
const [BEFORE, AFTER] = [100, 400];

let target: HttpTarget;
let reader: Consumer;
const events: AnomalyEvent[] = [];

function processorConfig(): object {
  return {
    ...h.common('e2e-processor'),
    pipelines: {
      logs: {
        consumer: { ...E2E_CONSUMER, groupId: h.groupId('processor_logs') },
        processors: E2E_LOG_PROCESSORS,
      },
      metrics: {
        consumer: { ...E2E_CONSUMER, groupId: h.groupId('processor_metrics') },
        processors: [
          {
            type: 'metric-anomalies',
            include: ['e2e_.*'],
            detector: { warmup: 60 },
            resolveAfterSamples: 5,
            persist: { intervalSeconds: 5 },
          },
        ],
      },
    },
    state: { redis: { url: testEnv.redisUrl, keyPrefix: h.redisKeyPrefix } },
  };
}

function collectorMetricsConfig(): object {
  return {
    ...h.common('e2e-collector-metrics'),
    nodeName: 'e2e-node',
    scrape: { interval: '250ms', timeout: '200ms' },
    publish: { keyShards: 8, linger: '20ms', drainTimeout: '10s' },
    targets: { static: [{ job: `${h.id}_anomaly`, targets: [target.address] }] },
  };
}

/** 30 minutes of a pod's log up to now: 20 info lines and 1 error a minute, 60 errors in the 4th minute from the end. */
function writePodLog(tree: PodLogTree): void {
  const log = tree.pod(NAMESPACE, POD).container('app', 'cri');
  const start = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
  const lines: Buffer[] = [];
  for (let m = 0; m < 30; m++) {
    const at = (second: number) => new Date(start + m * 60_000 + second * 1000);
    for (let i = 0; i < 20; i++)
      lines.push(log.physicalLine(`INFO served GET /cart/${i} in ${10 + i} ms`, 'stdout', at(i * 2)));
    const errors = m === 26 ? 60 : 1;
    for (let i = 0; i < errors; i++) {
      lines.push(log.physicalLine(`ERROR payment declined for order ${m * 100 + i}`, 'stderr', at(40 + i / 4)));
    }
  }
  log.writeRaw(Buffer.concat(lines));
}

async function readAnomalies(): Promise<Consumer> {
  const consumer = h.kafka.consumer({ groupId: h.groupId('anomaly_reader'), ...KAFKAJS_FAST });
  await consumer.connect();
  await consumer.subscribe({ topics: [h.topics.anomalies], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      if (message.value) {
        const envelope = decodeEnvelope(message.value);
        if (envelope.kind === 'anomaly') events.push(...(envelope.records as AnomalyEvent[]));
      }
      return Promise.resolve();
    },
  });
  return consumer;
}
const KAFKAJS_FAST = { sessionTimeout: 6_000, rebalanceTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 };

const find = (what: string, match: (e: AnomalyEvent) => boolean, timeoutMs: number) =>
  waitFor(() => Promise.resolve(events.find(match)), { what, timeoutMs, intervalMs: 250 });

beforeAll(async () => {
  const build = await buildDist();
  if (!build.ok)
    console.log(`[e2e anomaly] tsc -b reported errors; using the dist as built:\n${build.output.slice(0, 1500)}`);
  target = await httpTarget((_req, res, n) => {
    const value = n < STEP_AT_SCRAPE ? BEFORE : AFTER;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# TYPE ${GAUGE} gauge\n${GAUGE}{namespace="${NAMESPACE}",pod="${POD}"} ${value}\n`);
  });
  await h.createTopics(3);
  reader = await readAnomalies();
  // Consumers first: the collectors' first records are not waiting for a group join.
  await h.start('processor', processorConfig());
  const tree = new PodLogTree(h.path('pods'));
  await h.start('collector-logs', collectorLogsConfig(h, tree.root));
  await h.start('collector-metrics', collectorMetricsConfig());
  writePodLog(tree);
}, 300_000);

afterAll(async () => {
  await reader?.disconnect();
  await target?.close();
  await h.cleanup();
}, 120_000);

describe('anomaly detection on the live pipeline', () => {
  it('reports the level shift of a scraped series, firing then resolved, with the workload of its pod', async () => {
    const started = Date.now();
    const firing = await find(
      'the metric anomaly of the step',
      (e) => e.source === 'metric' && e.series?.name === GAUGE && e.status === 'firing',
      120_000,
    );
    console.log(`[e2e anomaly] metric event ${Date.now() - started} ms after the pipeline started`);
    expect(firing).toMatchObject({
      detector: 'metric-rank-ensemble',
      value: AFTER,
      pod: POD,
      workload: WORKLOAD,
      series: { labels: { namespace: NAMESPACE, pod: POD, job: `${h.id}_anomaly`, instance: target.address } },
    });
    expect(firing.expected!.upper).toBeLessThan(AFTER);
    expect(firing.expected!.lower).toBeLessThanOrEqual(BEFORE);
    expect(firing.score).toBeGreaterThanOrEqual(0.99966);
    const resolved = await find('its resolution', (e) => e.id === firing.id && e.status === 'resolved', 30_000);
    expect(resolved.series).toEqual(firing.series);
    expect(events.filter((e) => e.series?.name === GAUGE && e.status === 'firing')).toHaveLength(1);

    // The detector state is in Redis, written by the processor (every 5 s here, and at shutdown).
    const redis = redisClient();
    try {
      const key = `${h.redisKeyPrefix}metrics:metric-anomalies:${seriesStateKey(seriesId(firing.series!))}`;
      // An earlier periodic write may already be there: wait for one that saw the shift.
      const firedAt = Date.parse(firing['@timestamp']);
      const clockOf = (text: string | null): number => (text ? (JSON.parse(text) as { clock: number }).clock : 0);
      const stored = await waitFor(
        async () => {
          const text = await redis.get(key);
          return clockOf(text) >= firedAt ? text! : undefined;
        },
        { what: `${key} written after the shift`, timeoutMs: 20_000 },
      );
      expect(clockOf(stored)).toBeGreaterThanOrEqual(firedAt);
    } finally {
      await redis.quit();
    }
  }, 180_000);

  it("reports the error burst in a pod's log as an error-rate spike of its workload", async () => {
    const spike = await find(
      'the log error-rate event',
      (e) => e.source === 'log' && e.detector === 'log-error-rate' && e.status === 'firing',
      120_000,
    );
    expect(spike).toMatchObject({ workload: WORKLOAD, pod: POD });
    expect(spike.value).toBeGreaterThan(spike.expected!.upper);
    const resolved = await find('its resolution', (e) => e.id === spike.id && e.status === 'resolved', 60_000);
    expect(resolved.workload).toEqual(WORKLOAD);
  }, 180_000);
});
