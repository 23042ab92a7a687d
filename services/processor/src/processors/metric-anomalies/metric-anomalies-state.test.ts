import { memoryStateStore } from '@daytwo/processor-api';
import { brief, gauge, levelShift, sample, startProcessor } from './test-samples';
import { decodeUnitState, seriesStateKey } from './unit-json';

const CLEAR = { threshold: 0.99999 };
const values = levelShift(360, 300, 30);
const KEY = seriesStateKey('queue_depth{namespace="shop",pod="api-7d9c8b6f5d-x2x4q"}');

describe('metric-anomalies state', () => {
  it('goes on after a restart with the stored state: no new learning period, the same events', async () => {
    const uninterrupted = startProcessor(memoryStateStore(), CLEAR);
    await uninterrupted.processor.process(gauge(values));

    const state = memoryStateStore();
    const first = startProcessor(state, CLEAR);
    await first.processor.process(gauge(values.slice(0, 200)));
    await first.processor.close();
    const second = startProcessor(state, CLEAR);
    await second.processor.process(gauge(values, 200));
    expect(second.processor.stats()).toMatchObject({ loaded: 1, created: 0 });
    expect(brief(second.events)).toEqual(['queue_depth:firing', 'queue_depth:resolved']);
    expect(second.events).toEqual(uninterrupted.events);

    // The same samples without the stored state: the detector is still learning at the shift.
    const fresh = startProcessor(memoryStateStore(), CLEAR);
    await fresh.processor.process(gauge(values, 200));
    expect(fresh.events).toEqual([]);
    await Promise.all([uninterrupted, second, fresh].map((p) => p.processor.close()));
  });

  it('resolves after a restart an incident that fired before it', async () => {
    const state = memoryStateStore();
    const first = startProcessor(state, CLEAR);
    await first.processor.process(gauge(values.slice(0, 302)));
    await first.processor.close();
    const second = startProcessor(state, CLEAR);
    await second.processor.process(gauge(values, 302));
    expect(brief(first.events)).toEqual(['queue_depth:firing']);
    expect(brief(second.events)).toEqual(['queue_depth:resolved']);
    expect(second.events[0]?.id).toBe(first.events[0]?.id);
    await second.processor.close();
  });

  it('hands a series over to a replica that joins, and the old replica does not overwrite its newer state', async () => {
    const state = memoryStateStore();
    const a = startProcessor(state, CLEAR);
    await a.processor.process(gauge(values.slice(0, 250)));
    await a.processor.persist();
    // A goes on until the partition moves; these samples are committed but A's state of them is not written yet.
    await a.processor.process(gauge(values.slice(0, 290), 250));
    const b = startProcessor(state, CLEAR);
    await b.processor.process(gauge(values, 290));
    expect(b.processor.stats()).toMatchObject({ loaded: 1, created: 0 });
    expect(brief(b.events)).toEqual(['queue_depth:firing', 'queue_depth:resolved']);
    await b.processor.persist();
    await a.processor.close();
    expect(a.processor.stats()).toMatchObject({ adopted: 1 });
    const stored = decodeUnitState((await state.get(KEY))!, 'queue_depth{namespace="shop",pod="api-7d9c8b6f5d-x2x4q"}');
    expect(stored.clock).toBe(gauge(values).at(-1)!.timestamp);
    await b.processor.close();
  });

  it('starts over on a stored state it cannot read', async () => {
    const state = memoryStateStore();
    await state.set(KEY, '{"version":1,"key":"something else"}');
    const { processor } = startProcessor(state, CLEAR);
    await processor.process(gauge(values.slice(0, 10)));
    expect(processor.stats()).toMatchObject({ unreadable: 1, created: 1, loaded: 0 });
    await processor.close();
  });

  it('ignores redelivered samples: a replay of a batch changes neither events nor state', async () => {
    const once = startProcessor(memoryStateStore(), CLEAR);
    const twice = startProcessor(memoryStateStore(), CLEAR);
    const batches = [gauge(values.slice(0, 305)), gauge(values, 305)];
    await once.processor.process(batches[0]!);
    await once.processor.process(batches[1]!);
    await twice.processor.process(batches[0]!);
    await twice.processor.process(batches[0]!.slice(250));
    await twice.processor.process(batches[1]!);
    expect(twice.events).toEqual(once.events);
    expect(brief(twice.events)).toEqual(['queue_depth:firing', 'queue_depth:resolved']);
    await Promise.all([once, twice].map((p) => p.processor.close()));
  });

  it('stores a counter with its last point, so the first rate after a restart is not lost', async () => {
    const state = memoryStateStore();
    const counter = (i: number) => sample('jobs_total', {}, i, i * 10, 'counter');
    const first = startProcessor(state);
    await first.processor.process([counter(0), counter(1)]);
    await first.processor.close();
    const stored = async () => decodeUnitState((await state.get(seriesStateKey('jobs_total{}')))!, 'jobs_total{}');
    expect(await stored()).toMatchObject({
      kind: 'counter',
      counter: { value: 10 },
      watched: [{ series: { name: 'jobs_total:rate' }, detector: { n: 1 } }],
    });
    const second = startProcessor(state);
    await second.processor.process([counter(2)]);
    await second.processor.close();
    expect(await stored()).toMatchObject({ counter: { value: 20 }, watched: [{ detector: { n: 2 } }] });
  });
});
