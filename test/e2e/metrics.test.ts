import { rawSamples } from '../integration/sink-remote-write-support';
import { PipelineHarness } from '../support/pipeline-harness';
import { queryInstant } from '../support/prometheus';
import { buildDist } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import {
  exposedValue,
  newestCompleteScrape,
  refusedRequests,
  sortedBuckets,
  waitForStored,
  type SamplesBy,
} from './metrics-checks';
import {
  metricsJobs,
  samplesIn,
  startMetricsPipeline,
  updateServiceTargets,
  VIA_PROCESSOR,
  type MetricsPipeline,
} from './metrics-pipeline';
import { MetricsTargets, STEADY_SERIES } from './metrics-targets';

/**
 * collector-metrics → Kafka → processor (metrics pipeline) → sink → Prometheus remote write, each a real child process
 * on the built dist, against the local Kafka, Redis, Prometheus and node_exporter. One pipeline serves the tests in
 * turn; every series carries this run's unique job labels. The sink reaches Prometheus through a relay it can cut.
 */
const h = new PipelineHarness('e2emetrics');
const jobs = metricsJobs(h);
const NODE_EXPORTER = process.env['DAYTWO_NODE_EXPORTER'] ?? '127.0.0.1:9100';
// The processor's daytwo_processor_duration_seconds buckets.
const PROCESSOR_LE = ['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5'];
let targets: MetricsTargets;
let pipeline: MetricsPipeline;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every steady sample the collector published to Kafka with a timestamp in [fromMs, toMs] is in Prometheus with its
 * value, and nothing else is: compared per series once the pipeline caught up. Prints what it compared.
 */
async function expectAllPublishedStored(what: string, fromMs: number, toMs: number): Promise<void> {
  // The collector publishes a scrape within a second or two.
  await sleep(Math.max(0, toMs + 3_000 - Date.now()));
  const readStart = Date.now();
  const byTimestamp: Record<string, Map<number, number>> = {};
  for (const s of samplesIn(await h.readTopic(h.topics.metricsRaw), 'e2e_steady_total')) {
    if (s.labels['job'] !== jobs.steady || s.timestamp < fromMs || s.timestamp > toMs) continue;
    // A scrape is one sample per series, even if a publish retry put it into Kafka twice.
    (byTimestamp[s.labels['n']!] ??= new Map()).set(s.timestamp, s.value);
  }
  const published: SamplesBy = {};
  for (const [n, samples] of Object.entries(byTimestamp)) published[n] = [...samples].sort(([a], [b]) => a - b);
  expect(Object.keys(published).sort()).toEqual(STEADY_SERIES);
  const compareStart = Date.now();
  const selector = `e2e_steady_total{job="${jobs.steady}"}`;
  expect(await waitForStored(selector, 'n', { fromMs, toMs }, published, 90_000)).toEqual(published);
  const counts = Object.values(published).map((samples) => samples.length);
  console.log(
    `[e2e metrics] ${what}: ${counts.join('+')} published samples of ${counts.length} series all stored; ` +
      `raw topic read in ${compareStart - readStart} ms, Prometheus matched ${Date.now() - compareStart} ms later`,
  );
}

beforeAll(async () => {
  const started = Date.now();
  const [build] = await Promise.all([buildDist(), MetricsTargets.start().then((t) => (targets = t))]);
  if (!build.ok)
    console.log(`[e2e metrics] tsc -b reported errors; using the dist as built:\n${build.output.slice(0, 1500)}`);
  const built = Date.now();
  pipeline = await startMetricsPipeline(
    h,
    jobs,
    { steady: targets.steady.address, bad: targets.bad.map((t) => t.address) },
    [targets.ephemeral.address, targets.keeper.address],
  );
  console.log(`[e2e metrics] build ${built - started} ms, pipeline started in ${Date.now() - built} ms`);
}, 300_000);

afterAll(async () => {
  await h.cleanup();
  await targets?.close();
}, 120_000);

afterEach(() => {
  for (const s of pipeline?.all ?? [])
    expect({ service: s.name, alive: s.alive }).toEqual({ service: s.name, alive: true });
});

describe('metrics pipeline end to end', () => {
  it('stores node_exporter’s series with their labels and values', async () => {
    const cpuIdle = 'node_cpu_seconds_total{cpu="0",mode="idle"}';
    const exposed = async () => exposedValue(await (await fetch(`http://${NODE_EXPORTER}/metrics`)).text(), cpuIdle);
    const before = await exposed();
    const since = Date.now();
    const selector = `node_cpu_seconds_total{job="${jobs.node}",cpu="0",mode="idle"}`;
    const series = await waitFor(
      async () => {
        const [found] = await rawSamples(selector, since, Date.now());
        return found?.samples.length ? found : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `${selector} in Prometheus` },
    );
    const after = await exposed();
    expect(series.metric).toEqual({
      __name__: 'node_cpu_seconds_total',
      job: jobs.node,
      instance: NODE_EXPORTER,
      cpu: '0',
      mode: 'idle',
      ...VIA_PROCESSOR,
    });
    // A counter scraped after `before` was read, stored before `after` was: its value lies between the two.
    const value = Number(series.samples.at(-1)![1]);
    expect(value).toBeGreaterThanOrEqual(before);
    expect(value).toBeLessThanOrEqual(after);
  }, 90_000);

  it('stores the services’ own /metrics, histograms included', async () => {
    const up = await waitFor(
      async () => {
        const r = await queryInstant(`up{job="${jobs.services}"} == 1`, Date.now());
        return r.length === 3 ? r : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the three services up' },
    );
    expect(up.map((r) => r.metric['instance']).sort()).toEqual(pipeline.all.map((s) => `127.0.0.1:${s.port}`).sort());

    // Every bucket, _sum and _count of one scrape of the processor's histogram.
    const instance = `127.0.0.1:${pipeline.processor.port}`;
    const name = 'daytwo_processor_duration_seconds';
    const selector = `{__name__=~"${name}_(bucket|sum|count)",job="${jobs.services}",instance="${instance}",processor="tag"}`;
    const scrape = await waitFor(() => newestCompleteScrape(selector, PROCESSOR_LE.length + 4, 20_000), {
      timeoutMs: 60_000,
      intervalMs: 1_000,
      what: 'a complete scrape of the processor histogram',
    });
    for (const { metric } of scrape) {
      const labels = { job: jobs.services, instance, service: 'processor', pipeline: 'metrics', ...VIA_PROCESSOR };
      expect(metric).toMatchObject(labels);
    }
    const buckets = sortedBuckets(scrape.filter((s) => s.metric['__name__'] === `${name}_bucket`));
    expect(buckets.map((b) => b.metric['le'])).toEqual([...PROCESSOR_LE, '5', '+Inf']);
    const counts = buckets.map((b) => b.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    const count = scrape.find((s) => s.metric['__name__'] === `${name}_count`)!.value;
    expect(counts.at(-1)).toBe(count);
    expect(count).toBeGreaterThan(0);
    expect(scrape.find((s) => s.metric['__name__'] === `${name}_sum`)!.value).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(await pipeline.processor.metric(`${name}_count`, { processor: 'tag' }));
  }, 150_000);

  it('marks a target that times out, one that returns garbage and one of 5 MiB down with a reason; the others keep flowing', async () => {
    const up = await waitFor(
      async () => {
        const r = await queryInstant(`up{job="${jobs.bad}"}`, Date.now());
        return r.length === 3 ? r : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'up of the three bad targets' },
    );
    const bad = targets.bad.map((t) => t.address).sort();
    expect(up.map((r) => [r.metric['instance'], r.value[1]]).sort()).toEqual(bad.map((a) => [a, '0']));

    // Each target's reason, as the collector logs it (at warn when a failure starts or its reason changes).
    const collector = pipeline.collector;
    const expected = {
      [`http://${targets.timeout.address}/metrics`]: 'timeout',
      [`http://${targets.garbage.address}/metrics`]: 'parse',
      [`http://${targets.huge.address}/metrics`]: 'body_size_limit',
    };
    const logged = () => {
      const seen = new Set<string>();
      for (const entry of collector.logEntries()) {
        if (entry['msg'] === 'scrape failed') seen.add(`${String(entry['target'])} ${String(entry['reason'])}`);
      }
      return Object.entries(expected).filter(([target, reason]) => seen.has(`${target} ${reason}`));
    };
    await waitFor(() => Promise.resolve(logged().length === 3 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the failure reasons in the collector log',
    }).catch(() => undefined);
    expect(Object.fromEntries(logged())).toEqual(expected);
    for (const reason of Object.values(expected)) {
      expect(await collector.metric('daytwo_scrape_failures_total', { reason })).toBeGreaterThan(0);
    }

    // Meanwhile node_exporter and the steady target go on being scraped and stored.
    const since = Date.now();
    const flowing = await waitFor(
      async () => {
        const [node] = await rawSamples(`up{job="${jobs.node}"}`, since, Date.now());
        const steady = await rawSamples(`e2e_steady_total{job="${jobs.steady}"}`, since, Date.now());
        return node?.samples.length && steady.length === STEADY_SERIES.length ? node : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'new samples of node_exporter and the steady target' },
    );
    expect(flowing.samples.at(-1)![1]).toBe('1');
  }, 150_000);

  it('writes staleness markers for a target removed from its file_sd file: its series end, its earlier samples stay', async () => {
    const { ephemeral, keeper } = targets;
    const selector = (t: { address: string }) => `e2e_files_value{job="${jobs.files}",instance="${t.address}"}`;
    await waitFor(
      async () => {
        const found = await Promise.all([ephemeral, keeper].map((t) => queryInstant(selector(t), Date.now())));
        return found.every((r) => r.length === 1) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'both file_sd targets in Prometheus' },
    );
    const removedAt = Date.now();
    pipeline.filesSd.write([keeper.address]);

    // Without the markers the series would stay in instant queries for the 5 minute lookback. The markers of the
    // target's series travel on their own partitions, so they end in any order: wait for all of them.
    const up = `up{job="${jobs.files}",instance="${ephemeral.address}"}`;
    await waitFor(
      async () => {
        const left = await Promise.all([selector(ephemeral), up].map((q) => queryInstant(q, Date.now())));
        return left.every((r) => r.length === 0) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the removed target’s series (its value and up) to end' },
    );
    const endedAt = Date.now();
    const [earlier] = await rawSamples(selector(ephemeral), removedAt - 60_000, endedAt);
    expect(earlier!.samples.length).toBeGreaterThan(0);
    expect(new Set(earlier!.samples.map(([, v]) => v))).toEqual(new Set(['7']));
    expect(await pipeline.collector.metric('daytwo_stale_markers_total')).toBeGreaterThan(0);

    // It is no longer scraped; the target left in the file still is.
    const requests = ephemeral.requests.length;
    await waitFor(
      async () => ((await rawSamples(selector(keeper), endedAt, Date.now()))[0]?.samples.length ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 500, what: 'new samples of the remaining target' },
    );
    expect(ephemeral.requests.length).toBe(requests);
    expect((await queryInstant(selector(keeper), Date.now()))[0]!.value[1]).toBe('8');
  }, 150_000);

  it('loses nothing and gets no out-of-order refusal when the sink is killed with -9 while writing and restarted', async () => {
    const sink = pipeline.sink;
    const written = () => sink.metric('daytwo_sink_remote_write_samples_written_total');
    const before = await written();
    await waitFor(async () => ((await written()) > before ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'the sink writing',
    });
    const killedAt = Date.now();
    expect(await sink.kill9()).toEqual({ code: null, signal: 'SIGKILL' });
    await sleep(2_000);
    await sink.start();
    await sink.waitReady();
    updateServiceTargets(pipeline);

    const restartedAt = Date.now();
    await expectAllPublishedStored(
      `kill -9 (restarted after ${restartedAt - killedAt} ms)`,
      killedAt - 10_000,
      restartedAt + 3_000,
    );
    expect(await refusedRequests(sink)).toEqual([]);
    expect(await h.readTopic(h.topics.deadLetter)).toEqual([]);
  }, 180_000);

  it('catches up without a 4xx after Prometheus was unreachable for 30 s', async () => {
    const sink = pipeline.sink;
    const retries = () => sink.metric('daytwo_sink_remote_write_retries_total');
    const retriesBefore = await retries();
    const cutAt = Date.now();
    pipeline.relay.startOutage();
    await sleep(30_000);
    pipeline.relay.restore();
    const restoredAt = Date.now();
    expect(await retries()).toBeGreaterThan(retriesBefore);

    await expectAllPublishedStored('30 s outage', cutAt - 5_000, restoredAt + 3_000);
    expect(await refusedRequests(sink)).toEqual([]);
    expect(await h.readTopic(h.topics.deadLetter)).toEqual([]);
  }, 180_000);
});
