import { AnomalyEvent, type LogRecord } from '@daytwo/core';
import { memoryStateStore, runProcessor, type ProcessorStateStore } from '@daytwo/processor-api';
import { logRecord } from '../../test-support/records';
import { createLogAnomalies, logAnomalies, type LogAnomaliesProcessor } from './log-anomalies';

const T0 = Date.UTC(2026, 0, 1);
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

interface Spec {
  minute: number;
  level?: string;
  template?: string;
  workload?: string;
  second?: number;
}

let serial = 0;
function rec({ minute, level = 'info', template = 'steady', workload = 'api', second = 1 }: Spec): LogRecord {
  serial++;
  return logRecord(`${template} line ${serial}`, {
    '@timestamp': new Date(T0 + minute * 60_000 + second * 1000).toISOString(),
    log: { level },
    kubernetes: { namespace: 'shop', pod: { name: `${workload}-7d9c8b6f5d-x2x4q` } },
    event: { id: `e${serial}`, template_id: `id-${template}`, template: `${template} line <*>` },
  });
}

/** `count` records per minute for minutes [from, to) with the given fields. */
function minutes(from: number, to: number, count: number, spec: Omit<Spec, 'minute'> = {}): LogRecord[] {
  const out: LogRecord[] = [];
  for (let m = from; m < to; m++) for (let i = 0; i < count; i++) out.push(rec({ ...spec, minute: m, second: i % 60 }));
  return out;
}

function start(state: ProcessorStateStore, config: object = {}) {
  const events: AnomalyEvent[] = [];
  const ctx = { name: 'log-anomalies', logger: silent, emitAnomaly: (e: AnomalyEvent) => events.push(e), state };
  const processor: LogAnomaliesProcessor = createLogAnomalies(logAnomalies.configSchema.parse(config), ctx);
  return { processor, events };
}

/** Records in event-time order, as one workload's records arrive. */
const byTime = (...parts: LogRecord[][]) =>
  parts.flat().sort((a, b) => (a['@timestamp'] < b['@timestamp'] ? -1 : a['@timestamp'] > b['@timestamp'] ? 1 : 0));
/** The error-rate tests leave bursts out: an error spike of one template is a burst of it as well. */
const NO_BURSTS = { templateBurst: { enabled: false } };
const brief = (events: AnomalyEvent[]) => events.map((e) => `${e.detector}:${e.status}`);
const baseline = (to: number, from = 0) =>
  byTime(minutes(from, to, 20), minutes(from, to, 1, { level: 'error', template: 'oops' }));

describe('log-anomalies', () => {
  it('reports an error-rate spike once, then its end under the same id', async () => {
    const { processor, events } = start(memoryStateStore(), NO_BURSTS);
    await processor.process(baseline(30));
    await processor.process(minutes(30, 31, 60, { level: 'ERROR', template: 'oops' }));
    await processor.process(baseline(33, 31));
    expect(brief(events)).toEqual(['log-error-rate:firing', 'log-error-rate:resolved']);
    const [firing, resolved] = events.map((e) => AnomalyEvent.parse(e));
    expect(firing).toMatchObject({
      source: 'log',
      workload: { namespace: 'shop', name: 'api' },
      pod: 'api-7d9c8b6f5d-x2x4q',
      template: { id: 'id-oops', text: 'oops line <*>' },
    });
    expect(firing!.score).toBeGreaterThanOrEqual(0.5);
    expect(firing!.value).toBeGreaterThan(firing!.expected!.upper);
    expect(firing!.template?.example).toMatch(/^oops line/);
    expect(firing!.reason).toMatch(/error rate spike/);
    expect(resolved!.id).toBe(firing!.id);
    await processor.close();
  });

  it('reports a template never seen before for the workload after warm-up, once', async () => {
    const { processor, events } = start(memoryStateStore());
    await processor.process(minutes(0, 40, 10));
    await processor.process(minutes(40, 42, 3, { template: 'fresh' }));
    await processor.process(minutes(40, 42, 10, { workload: 'other' }));
    expect(brief(events)).toEqual(['log-new-template:firing']);
    expect(events[0]?.template).toMatchObject({ id: 'id-fresh', text: 'fresh line <*>' });
    expect(events[0]?.workload?.name).toBe('api');
    await processor.close();
  });

  it('reports a burst of one template and its end', async () => {
    const { processor, events } = start(memoryStateStore());
    await processor.process(byTime(minutes(0, 30, 10), minutes(0, 30, 2, { template: 'retry' })));
    await processor.process(minutes(30, 31, 200, { template: 'retry' }));
    await processor.process(byTime(minutes(31, 33, 10), minutes(31, 33, 2, { template: 'retry' })));
    expect(brief(events)).toEqual(['log-template-burst:firing', 'log-template-burst:resolved']);
    expect(events[0]?.template?.id).toBe('id-retry');
    await processor.close();
  });

  it('gives the same events for the same records (event time, deterministic ids)', async () => {
    const input = [...baseline(30), ...minutes(30, 31, 60, { level: 'error', template: 'oops' }), ...baseline(32, 31)];
    const runs = await Promise.all([1, 2].map(() => runProcessor(logAnomalies, {}, input)));
    expect(runs[0]!.anomalies.length).toBeGreaterThan(0);
    expect(runs[1]!.anomalies).toEqual(runs[0]!.anomalies);
    expect(runs[0]!.records).toEqual(input);
  });

  it('goes on after a restart with the stored state: baseline kept, known templates not new', async () => {
    const state = memoryStateStore();
    const first = start(state, NO_BURSTS);
    await first.processor.process(baseline(30));
    await first.processor.close();
    const second = start(state, NO_BURSTS);
    const after = [
      ...minutes(30, 31, 60, { level: 'error', template: 'oops' }),
      ...minutes(31, 32, 5, { template: 'steady' }),
      ...minutes(31, 32, 1, { template: 'novel' }),
    ];
    await second.processor.process(after);
    expect(brief(second.events)).toEqual(['log-error-rate:firing', 'log-new-template:firing']);
    expect(second.events[1]?.template?.id).toBe('id-novel');
    expect(second.processor.stats().loaded).toBe(1);
    // The same records without the stored state: warm-up again, so neither alarm.
    const fresh = start(memoryStateStore(), NO_BURSTS);
    await fresh.processor.process(after);
    expect(fresh.events).toEqual([]);
    await Promise.all([second.processor.close(), fresh.processor.close()]);
  });

  it('closes the minutes of a quiet workload on flush, so a spike resolves when the records stop', async () => {
    const { processor, events } = start(memoryStateStore(), NO_BURSTS);
    await processor.process([...baseline(30), ...minutes(30, 31, 60, { level: 'error', template: 'oops' })]);
    processor.flush(Date.now());
    expect(brief(events)).toEqual(['log-error-rate:firing']);
    processor.flush(Date.now() + 120_000);
    expect(brief(events)).toEqual(['log-error-rate:firing', 'log-error-rate:resolved']);
    await processor.close();
  });

  it('keeps at most maxWorkloads in memory and writes the evicted ones', async () => {
    const state = memoryStateStore();
    const { processor } = start(state, { maxWorkloads: 3 });
    const names = ['a', 'b', 'c', 'd', 'e'];
    await processor.process(names.flatMap((workload) => minutes(0, 1, 1, { workload })));
    expect(processor.stats()).toMatchObject({ workloads: 3, evicted: 2, created: 5 });
    await processor.persist();
    for (const name of names) expect(await state.get(`workload/shop/${name}`)).toContain(`"name":"${name}"`);
    expect(processor.stats().lost).toBe(0);
    await processor.close();
  });

  it('counts records it cannot place in time instead of failing', async () => {
    const { processor } = start(memoryStateStore());
    const late = rec({ minute: 0 });
    const future = { ...rec({ minute: 0 }), '@timestamp': '2199-01-01T00:00:00Z' };
    const untimed = { ...rec({ minute: 0 }), '@timestamp': 'yesterday' };
    const out = await processor.process([rec({ minute: 10 }), late, future, untimed]);
    expect(out).toHaveLength(4);
    expect(processor.stats()).toMatchObject({ late: 1, future: 1, untimed: 1, failed: 0 });
    await processor.close();
  });

  it('rejects a bad config value, naming the key', async () => {
    await expect(runProcessor(logAnomalies, { errorRate: { alpha: 2 } }, [])).rejects.toThrow(
      /log-anomalies\.errorRate\.alpha/,
    );
  });
});
