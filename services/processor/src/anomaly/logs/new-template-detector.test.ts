import { MINUTE_MS } from './minute-rate';
import { NewTemplateDetector, type NewTemplateConfig } from './new-template-detector';

const T0 = Date.UTC(2026, 0, 1);
const CONFIG: NewTemplateConfig = { warmupMinutes: 10, maxTemplates: 100, minScore: 0.9, maxEventsPerMinute: 2 };

/** One step: at minute `minute` the workload logs `records` records of each template in `templates`. */
type Step = [minute: number, templates: string[], records?: number];

/** Runs the steps and returns `minute:template` for every detection. */
function run(steps: readonly Step[], config: NewTemplateConfig = CONFIG): string[] {
  const detector = new NewTemplateDetector(config);
  const state = detector.start(T0);
  const seen: string[] = [];
  for (const [minute, templates, records = 1] of steps) {
    for (let r = 0; r < records; r++) {
      for (const id of templates) {
        const d = detector.observe(state, T0 + minute * MINUTE_MS, id);
        if (d !== undefined) seen.push(`${minute}:${d.templateId}`);
      }
    }
  }
  return seen;
}

const steady: Step[] = Array.from({ length: 20 }, (_, m): Step => [m, ['a', 'b', 'c'], 20]);
const chatty: Step[] = Array.from({ length: 20 }, (_, m): Step => [
  m,
  Array.from({ length: 5 }, (_, i) => `x${m}-${i}`),
]);

describe('NewTemplateDetector', () => {
  it.each<[string, Step[], string[]]>([
    ['a new template after warm-up: one event', [...steady, [20, ['d'], 50]], ['20:d']],
    [
      'new templates during warm-up: nothing',
      [
        [0, ['a']],
        [5, ['b']],
        [9, ['c']],
      ],
      [],
    ],
    ['only known templates: nothing', [...steady, [20, ['a', 'b', 'c'], 5]], []],
    ['a workload that always logs one-off lines: nothing (novelty is normal there)', [...chatty, [20, ['new']]], []],
    [
      'a deploy with five new templates in one minute: capped per minute',
      [...steady, [20, ['d', 'e', 'f', 'g', 'h']]],
      ['20:d', '20:e'],
    ],
    ['the cap starts again the next minute', [...steady, [20, ['d', 'e', 'f']], [21, ['g']]], ['20:d', '20:e', '21:g']],
  ])('%s', (_name, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });

  it('scores in [0,1], higher the steadier the workload', () => {
    const detector = new NewTemplateDetector(CONFIG);
    const state = detector.start(T0);
    for (let i = 0; i < 1000; i++) detector.observe(state, T0, i % 2 === 0 ? 'a' : 'b');
    detector.observe(state, T0, 'once');
    const d = detector.observe(state, T0 + 20 * MINUTE_MS, 'new');
    expect(d?.score).toBeGreaterThan(0.99);
    expect(d?.score).toBeLessThanOrEqual(1);
    expect(d?.knownTemplates).toBe(3);
  });

  it('keeps at most maxTemplates, forgetting the least recently seen and counting it', () => {
    const detector = new NewTemplateDetector({ ...CONFIG, maxTemplates: 3 });
    const state = detector.start(T0);
    for (const id of ['a', 'b', 'c', 'a', 'd', 'e']) detector.observe(state, T0, id);
    expect([...state.known.keys()]).toEqual(['a', 'd', 'e']);
    expect(state.evicted).toBe(2);
  });

  it('round-trips its state through JSON and goes on the same way', () => {
    const detector = new NewTemplateDetector(CONFIG);
    const state = detector.start(T0);
    for (let i = 0; i < 100; i++) detector.observe(state, T0 + (i % 20) * MINUTE_MS, `t${i % 4}`);
    const copy = detector.fromJson(JSON.parse(JSON.stringify(detector.toJson(state))));
    expect(copy).toEqual(state);
    expect(detector.observe(copy, T0 + 30 * MINUTE_MS, 't1')).toBeUndefined();
    expect(detector.observe(copy, T0 + 30 * MINUTE_MS, 'fresh')?.templateId).toBe('fresh');
  });

  it('rejects a malformed state', () => {
    expect(() => new NewTemplateDetector().fromJson({ known: 'nope' })).toThrow();
  });

  it('merges two replicas: the union of known templates and the earlier start', () => {
    const detector = new NewTemplateDetector(CONFIG);
    const a = detector.start(T0 + 5 * MINUTE_MS);
    const b = detector.start(T0);
    for (const id of ['x', 'y', 'y']) detector.observe(a, T0 + 5 * MINUTE_MS, id);
    for (const id of ['y', 'z']) detector.observe(b, T0, id);
    const merged = detector.merge(a, b);
    expect(Object.fromEntries(merged.known)).toEqual({ x: 1, y: 2, z: 1 });
    expect(merged.singletons).toBe(2);
    expect(merged.firstMinute).toBe(T0);
  });
});
