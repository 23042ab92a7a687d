import { LOG_EVENT_KINDS, LogEventFactory } from '../support/log-events';
import { PipelineHarness } from '../support/pipeline-harness';
import { LogFlow, PodLogTree, type WrittenEvent } from '../support/pod-log-generator';
import { buildDist } from '../support/service-process';
import { badInputScenario } from './logs-bad-inputs';
import { allFieldProblems } from './logs-checks';
import { deliveryReport, LogIndices, summarize } from './logs-elasticsearch';
import { startLogsPipeline, type LogsPipeline } from './logs-pipeline';

/**
 * collector-logs → Kafka → processor → sink → Elasticsearch, each a real child process on the built dist, against the
 * local Kafka and Elasticsearch. One pipeline serves the tests in turn; each test writes its own namespace.
 */
const h = new PipelineHarness('e2elogs');
let tree: PodLogTree;
let pipeline: LogsPipeline;
let indices: LogIndices;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const physicalLines = (written: readonly WrittenEvent[]) =>
  written.reduce((sum, w) => sum + w.event.lines.length * w.event.parts, 0);

/** Waits until the namespace holds `expected` documents; prints the services' warnings when it does not. */
async function storedWithin(namespace: string, expected: number, timeoutMs: number): Promise<number> {
  try {
    const ms = await indices.waitForCount(namespace, expected, timeoutMs);
    // A duplicate would be a document with another id, arriving after the count was reached: give it a moment.
    await sleep(1500);
    return ms;
  } catch (err) {
    console.log(`[e2e logs] service logs and configs: ${h.dir} (kept with DAYTWO_E2E_KEEP=1)`);
    for (const s of pipeline.all) {
      const problems = s
        .logTail(300)
        .split('\n')
        .filter((l) => /"level":"(warn|error|fatal)"/.test(l));
      console.log(`[e2e logs] ${s.name} (alive ${s.alive}) warnings:\n${problems.slice(-15).join('\n')}`);
    }
    throw err;
  }
}

beforeAll(async () => {
  const building = Date.now();
  const build = await buildDist();
  const buildMs = Date.now() - building;
  if (!build.ok)
    console.log(`[e2e logs] tsc -b reported errors; using the dist as built:\n${build.output.slice(0, 1500)}`);
  tree = new PodLogTree(h.path('pods'));
  const starting = Date.now();
  pipeline = await startLogsPipeline(h, tree.root);
  indices = new LogIndices(h.elasticsearch(), h.indexPrefix);
  console.log(`[e2e logs] tsc -b ${buildMs} ms; collector, processor and sink ready in ${Date.now() - starting} ms`);
}, 300_000);

afterAll(() => h.cleanup(), 120_000);

afterEach(() => {
  for (const s of pipeline?.all ?? [])
    expect({ service: s.name, alive: s.alive }).toEqual({ service: s.name, alive: true });
});

describe('log pipeline end to end', () => {
  it('stores every logical line once with its fields: CRI and json-file, partial lines, stack traces, JSON bodies, secrets redacted', async () => {
    const ns = 'e2e-content';
    const events = new LogEventFactory('c');
    const worker = tree.pod(ns, 'worker-0');
    const targets = [
      tree.pod(ns, 'web-7d9f8').container('web', 'cri'),
      tree.pod(ns, 'api-5c8b4').container('api', 'docker'),
      worker.container('worker', 'cri'),
      worker.container('sidecar', 'docker'),
    ];
    for (const target of targets) for (const kind of LOG_EVENT_KINDS) target.write(events.make(kind));
    await new LogFlow({ targets, next: () => events.mixed(), total: 1200, perTick: 60, tickMs: 100 }).done;

    const written = tree.writtenIn(ns);
    const ms = await storedWithin(ns, written.length, 120_000);
    const docs = await indices.docs(ns);
    const report = deliveryReport(docs, written);
    console.log(summarize('content', report, { 'physical lines': physicalLines(written), 'stored within ms': ms }));
    expect(report).toMatchObject({ missing: [], duplicated: [], unexpected: [], distinctIds: written.length });
    expect(report.stored).toBe(written.length);
    expect(allFieldProblems(docs, written).slice(0, 20)).toEqual([]);
  }, 180_000);

  it('loses and repeats nothing across rename and copytruncate rotations and a pod deleted during the run', async () => {
    const ns = 'e2e-rotation';
    const events = new LogEventFactory('r');
    const renamed = [tree.pod(ns, 'web-0').container('web', 'cri'), tree.pod(ns, 'api-0').container('api', 'docker')];
    const copied = [
      tree.pod(ns, 'legacy-0').container('app', 'docker'),
      tree.pod(ns, 'batch-0').container('job', 'cri'),
    ];
    const doomedPod = tree.pod(ns, 'gone-0');
    const doomed = doomedPod.container('app', 'cri');
    const targets = [...renamed, ...copied, doomed];
    const rotatedBefore = await pipeline.collector.metric('daytwo_collector_logs_rotations_total');
    let doomedLines = 0;
    await new LogFlow({
      targets,
      next: () => events.mixed(),
      total: 2000,
      perTick: 40,
      tickMs: 100,
      beforeTick: (n) => {
        if (n > 0 && n % 400 === 0) {
          renamed.forEach((c) => c.rotateRename());
          copied.forEach((c) => c.rotateCopyTruncate());
        }
        if (n === 1000) {
          // The pod is deleted right after its last lines were written: they are read through the open file.
          doomedLines = tree.written.filter((w) => w.uid === doomedPod.uid).length;
          doomedPod.remove();
          targets.splice(targets.indexOf(doomed), 1);
        }
      },
    }).done;

    const written = tree.writtenIn(ns);
    const ms = await storedWithin(ns, written.length, 120_000);
    const docs = await indices.docs(ns);
    const report = deliveryReport(docs, written);
    const rotations = (await pipeline.collector.metric('daytwo_collector_logs_rotations_total')) - rotatedBefore;
    const fromDeletedPod = docs.filter((d) => d.source.kubernetes?.pod?.uid === doomedPod.uid).length;
    console.log(
      summarize('rotation + pod deletion', report, {
        'rotations seen by the collector': rotations,
        'deleted pod lines written/stored': `${doomedLines}/${fromDeletedPod}`,
        'stored within ms': ms,
      }),
    );
    expect(report).toMatchObject({ missing: [], duplicated: [], unexpected: [], distinctIds: written.length });
    expect(fromDeletedPod).toBe(doomedLines);
    expect(rotations).toBeGreaterThanOrEqual(8);
    expect(allFieldProblems(docs, written).slice(0, 20)).toEqual([]);
  }, 180_000);

  it('bad inputs end stored (flagged) or dead-lettered with a reason, and no service exits', async () => {
    const ns = 'e2e-bad';
    const scenario = badInputScenario(tree, ns);
    const written = tree.writtenIn(ns);
    await storedWithin(ns, written.length, 120_000);
    const docs = await indices.docs(ns);
    const report = deliveryReport(docs, written);
    const outcome = await scenario.outcome(h, indices);
    console.log(summarize('bad inputs', report, outcome.summary));
    expect(report).toMatchObject({ missing: [], duplicated: [], unexpected: [], distinctIds: written.length });
    expect(allFieldProblems(docs, written)).toEqual([]);
    expect(outcome.problems).toEqual([]);
    for (const s of pipeline.all)
      expect({ service: s.name, healthz: (await s.get('/healthz')).status }).toEqual({
        service: s.name,
        healthz: 200,
      });
  }, 180_000);

  it('kill -9 of the collector, then the processor, then the sink while lines flow: every line stored once', async () => {
    const ns = 'e2e-crash';
    const events = new LogEventFactory('k');
    const targets = [
      tree.pod(ns, 'orders-0').container('app', 'cri'),
      tree.pod(ns, 'payments-0').container('app', 'docker'),
      tree.pod(ns, 'shipping-0').container('app', 'cri'),
    ];
    // JSON lines only: each carries its sequence key as attributes.seq, for the terms aggregation below.
    const flow = new LogFlow({ targets, next: () => events.make('json'), total: 3000, perTick: 10, tickMs: 100 });
    const kills: string[] = [];
    let refusedBeforeSinkKill = 0;
    for (const service of [pipeline.collector, pipeline.processor, pipeline.sink]) {
      const delay = 1000 + Math.floor(Math.random() * 3000);
      await sleep(delay);
      const atLine = flow.written;
      // 409s counted by the first sink: the records the collector and processor restarts sent again.
      if (service === pipeline.sink) refusedBeforeSinkKill = await service.metric('daytwo_sink_es_duplicates_total');
      const exit = await service.kill9();
      expect(exit.signal).toBe('SIGKILL');
      const restarting = Date.now();
      await service.start();
      await service.waitReady();
      kills.push(
        `${service.name} killed ${delay} ms later at line ${atLine}, ready again in ${Date.now() - restarting} ms`,
      );
    }
    const linesAfterKills = flow.written;
    await flow.done;
    const flowEnded = Date.now();

    const written = tree.writtenIn(ns);
    await storedWithin(ns, written.length, 150_000);
    const catchUpMs = Date.now() - flowEnded;
    const docs = await indices.docs(ns);
    const report = deliveryReport(docs, written);
    const repeated = await indices.repeatedTerms(ns, 'attributes.seq');
    const count = await indices.count(ns);
    const refusedAfterSinkKill = await pipeline.sink.metric('daytwo_sink_es_duplicates_total');
    console.log(
      `[e2e logs] kill -9: ${kills.join('; ')}; lines written when the last service was back: ${linesAfterKills}`,
    );
    console.log(
      summarize('kill -9', report, {
        _count: count,
        'seq terms with doc_count > 1': repeated.length,
        'time to catch up after the last line ms': catchUpMs,
        'redelivered records refused as 409 (before/after the sink kill)': `${refusedBeforeSinkKill}/${refusedAfterSinkKill}`,
      }),
    );
    expect(report).toMatchObject({ missing: [], duplicated: [], unexpected: [] });
    expect(repeated).toEqual([]);
    expect([count, report.distinctIds]).toEqual([written.length, written.length]);
  }, 300_000);

  it('Elasticsearch unreachable for 30 s while lines flow: nothing lost, sink memory bounded, the pipeline catches up', async () => {
    const ns = 'e2e-outage';
    const events = new LogEventFactory('o');
    const targets = [
      tree.pod(ns, 'front-0').container('nginx', 'cri'),
      tree.pod(ns, 'cart-0').container('app', 'docker'),
      tree.pod(ns, 'search-0').container('app', 'cri'),
    ];
    const { sink, relay } = pipeline;
    const flow = new LogFlow({ targets, next: () => events.mixed(), total: 2500, perTick: 10, tickMs: 100 });
    await sleep(2000);
    const baselineKiB = sink.rssKiB() ?? 0;
    relay.startOutage();
    const outageStart = Date.now();
    let maxKiB = baselineKiB;
    let readyDuringOutage: number | undefined;
    while (Date.now() - outageStart < 30_000) {
      await sleep(500);
      maxKiB = Math.max(maxKiB, sink.rssKiB() ?? 0);
      if (readyDuringOutage === undefined && Date.now() - outageStart > 10_000) {
        readyDuringOutage = (await sink.get('/readyz')).status;
      }
    }
    const storedAtRestore = await indices.count(ns);
    const writtenAtRestore = flow.written;
    relay.restore();
    const restored = Date.now();
    await flow.done;

    const written = tree.writtenIn(ns);
    await storedWithin(ns, written.length, 150_000);
    const catchUpMs = Date.now() - restored;
    const docs = await indices.docs(ns);
    const report = deliveryReport(docs, written);
    const mib = (kib: number) => (kib / 1024).toFixed(1);
    console.log(
      summarize('Elasticsearch outage 30 s', report, {
        'written/stored when restored': `${writtenAtRestore}/${storedAtRestore}`,
        'time to catch up after restore ms': catchUpMs,
        'sink RSS MiB baseline': mib(baselineKiB),
        'sink RSS MiB max during outage': mib(maxKiB),
        'connections refused': relay.stats.refused,
      }),
    );
    expect(report).toMatchObject({ missing: [], duplicated: [], unexpected: [], distinctIds: written.length });
    expect(readyDuringOutage).toBe(503);
    expect(relay.stats.refused).toBeGreaterThan(0);
    expect(storedAtRestore).toBeLessThan(writtenAtRestore);
    // Intake pauses while Elasticsearch is down: the backlog waits in Kafka, not in the sink's heap.
    expect(maxKiB - baselineKiB).toBeLessThan(128 * 1024);
  }, 240_000);
});
