import { DetectorConfigError, OPTIONAL_CONFIG_KEYS, resolveDetectorConfig } from './config';
import { MetricAnomalyDetector } from './detector';
import { DetectorStateError } from './detector-state';
import { noise, seededRandom } from './test-series';

const MINUTE = 60_000;

function run(detector: MetricAnomalyDetector, values: readonly number[]): number[] {
  return values.map((v, i) => detector.update(i * MINUTE, v).score);
}

function maxOf(xs: readonly number[]): number {
  return xs.reduce((a, b) => Math.max(a, b), 0);
}

describe('resolveDetectorConfig', () => {
  it.each([
    ['historySize', { historySize: 4 }],
    ['warmup', { warmup: -1 }],
    ['minPeriod', { minPeriod: 1.5 }],
    ['maxPeriod', { maxPeriod: 4, minPeriod: 8 }],
    ['maxPeriod', { historySize: 64, maxPeriod: 128 }],
    ['extension', { extension: Number.NaN }],
    ['suppression', { suppression: -1 }],
  ])('rejects a bad %s', (key, partial) => {
    expect(() => resolveDetectorConfig(partial)).toThrow(DetectorConfigError);
    expect(() => resolveDetectorConfig(partial)).toThrow(key);
  });
});

describe('MetricAnomalyDetector', () => {
  it.each([
    ['a spike in noise', (xs: number[]) => (xs[700] = 40)],
    ['a level shift', (xs: number[]) => xs.forEach((_, i) => i >= 700 && (xs[i] = (xs[i] ?? 0) + 25))],
    ['a sudden drop to zero', (xs: number[]) => xs.forEach((_, i) => i >= 700 && (xs[i] = 0))],
  ])('scores %s far above the normal samples', (_name, inject) => {
    const values = noise(seededRandom(7), 900, 2).map((v) => v + 50);
    inject(values);
    const scores = run(new MetricAnomalyDetector(), values);
    expect(scores[700]).toBeGreaterThan(0.999);
    expect(maxOf(scores.slice(300, 700))).toBeLessThan(scores[700]!);
  });

  it('finds the season and scores a missing peak that stays inside the normal range', () => {
    const period = 50;
    const random = seededRandom(3);
    const values = Array.from(
      { length: 1200 },
      (_, i) => 10 + 5 * Math.sin((2 * Math.PI * i) / period) + random() * 0.2,
    );
    for (let i = 1000; i < 1050; i++) values[i] = 10 + random() * 0.2;
    const detector = new MetricAnomalyDetector();
    const scores = run(detector, values);
    expect(detector.period).toBe(period);
    expect(maxOf(scores.slice(1000, 1050))).toBeGreaterThan(0.99);
    expect(maxOf(scores.slice(600, 1000))).toBeLessThan(maxOf(scores.slice(1000, 1050)));
  });

  it('alerts once for a repeated spike of the same size', () => {
    const values = noise(seededRandom(11), 800, 1).map((v) => v + 20);
    values[600] = 60;
    values[610] = 60;
    const scores = run(new MetricAnomalyDetector(), values);
    expect(scores[600]).toBeGreaterThan(0.99);
    expect(scores[610]).toBe(0);
  });

  it('alerts again for a spike as big as an earlier one a few hundred samples later', () => {
    const values = noise(seededRandom(11), 1000, 1).map((v) => v + 20);
    values[500] = 30;
    values[800] = 30;
    const scores = run(new MetricAnomalyDetector(), values);
    expect(scores[500]).toBeGreaterThan(0.99);
    expect(scores[800]).toBeGreaterThan(0.99);
  });

  it('gives 0 during warm-up and keeps every score in [0, 1]', () => {
    const values = noise(seededRandom(5), 600, 3).map((v, i) => (i % 97 === 0 ? v * 50 : v));
    const scores = run(new MetricAnomalyDetector({ warmup: 100 }), values);
    expect(maxOf(scores.slice(0, 100))).toBe(0);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it.each([
    ['NaN', Number.NaN, 'not a finite value'],
    ['Infinity', Infinity, 'not a finite value'],
  ])('ignores a %s value without changing its state', (_name, bad, reason) => {
    const detector = new MetricAnomalyDetector();
    run(detector, [1, 2, 3]);
    const before = JSON.stringify(detector);
    const detection = detector.update(10 * MINUTE, bad);
    expect(detection.score).toBe(0);
    expect(detection.reason).toContain(reason);
    expect(JSON.stringify(detector)).toBe(before);
  });

  it('ignores a sample whose timestamp does not move forward', () => {
    const detector = new MetricAnomalyDetector();
    detector.update(5 * MINUTE, 1);
    const detection = detector.update(5 * MINUTE, 100);
    expect(detection.reason).toContain('timestamp');
    expect(detector.samples).toBe(1);
  });

  it.each([1, 16, 20, 31, 40])(
    'survives a JSON round trip after only %p samples (young state is serialisable)',
    (n) => {
      const detector = new MetricAnomalyDetector();
      run(detector, noise(seededRandom(n), n, 1));
      expect(() => MetricAnomalyDetector.fromJSON(JSON.parse(JSON.stringify(detector)))).not.toThrow();
    },
  );

  it('continues identically after a JSON round trip', () => {
    const values = noise(seededRandom(21), 1500, 1).map((v, i) => v + 5 * Math.sin(i / 8) + (i === 1400 ? 30 : 0));
    const original = new MetricAnomalyDetector();
    run(original, values.slice(0, 1000));
    const restored = MetricAnomalyDetector.fromJSON(JSON.parse(JSON.stringify(original)));
    const tail = values.slice(1000).map((v, i) => [(1000 + i) * MINUTE, v] as const);
    expect(tail.map(([t, v]) => restored.update(t, v))).toEqual(tail.map(([t, v]) => original.update(t, v)));
  });

  describe('a gap in the samples', () => {
    // A slow wave with little noise, sampled every minute; then a 150-minute gap during which the wave moved by about
    // a full amplitude (to a level it has shown before).
    const before = noise(seededRandom(31), 1000, 0.3).map((v, i) => v + 20 * Math.sin(i / 60));
    const after = noise(seededRandom(32), 100, 0.3).map((v, i) => v + 20 * Math.sin((1150 + i) / 60));
    const feed = (detector: MetricAnomalyDetector) => {
      before.forEach((v, i) => detector.update(i * MINUTE, v));
      return after.map((v, i) => detector.update((1150 + i) * MINUTE, v).score);
    };

    it('does not score the jump across it as a one-step change', () => {
      expect(maxOf(feed(new MetricAnomalyDetector()))).toBe(0);
      expect(feed(new MetricAnomalyDetector({ gapIntervals: 0 }))[0]).toBeGreaterThan(0.99);
    });

    it('keeps the jump out of the change history, and remembers the cadence across a restore', () => {
      const detector = new MetricAnomalyDetector();
      feed(detector);
      const state = JSON.parse(JSON.stringify(detector)) as { diffs: number[]; intervals: number[] };
      expect(Math.max(...state.diffs.map(Math.abs))).toBeLessThan(3);
      expect(state.intervals.every((i) => i === MINUTE)).toBe(true);
      const restored = MetricAnomalyDetector.fromJSON(state);
      expect(restored.update(1300 * MINUTE, 20 * Math.sin(1300 / 60)).score).toBe(0);
    });
  });

  it('restores a state saved before the shape view and gaps existed, and then learns shapes again', () => {
    const values = noise(seededRandom(22), 1200, 1).map((v, i) => v + 5 * Math.sin(i / 8));
    const original = new MetricAnomalyDetector();
    run(original, values.slice(0, 1000));
    const old = JSON.parse(JSON.stringify(original));
    delete old.shape;
    delete old.intervals;
    for (const key of OPTIONAL_CONFIG_KEYS) delete old.config[key];
    const restored = MetricAnomalyDetector.fromJSON(old);
    expect(restored.config.shapeWeight).toBeGreaterThan(0);
    values.slice(1000).forEach((v, i) => restored.update((1000 + i) * MINUTE, v));
    expect(JSON.parse(JSON.stringify(restored)).shape.distances.length).toBeGreaterThan(100);
  });

  it('refuses a malformed shape state', () => {
    const json = JSON.parse(JSON.stringify(new MetricAnomalyDetector()));
    json.shape = { memory: { prototypes: 'x' }, distances: [] };
    expect(() => MetricAnomalyDetector.fromJSON(json)).toThrow('shape.memory.prototypes');
  });

  it.each([
    ['not an object', 42, '(root)'],
    ['an unknown version', { version: 2 }, 'version'],
    ['a bad config value', { version: 1, config: { historySize: 'big' }, periods: {} }, 'config.historySize'],
  ])('refuses to restore %s', (_name, json, field) => {
    expect(() => MetricAnomalyDetector.fromJSON(json)).toThrow(DetectorStateError);
    expect(() => MetricAnomalyDetector.fromJSON(json)).toThrow(field);
  });
});

describe('MetricAnomalyDetector on a bursty series', () => {
  it('blames a burst to a level seen long ago on its jump, not on its level; still alerts on a new level', () => {
    const random = seededRandom(17);
    // Quiet at 30 with a burst to 100 every 2000 samples: the history (1024) forgets the bursts, the long range not.
    const values = Array.from({ length: 8600 }, (_, i) => (i % 2000 < 20 ? (i < 8000 ? 100 : 95) : 30) + random());
    for (let i = 8500; i < 8600; i++) values[i] = 160 + random();
    const detector = new MetricAnomalyDetector({ longMemory: 50_000 });
    const detections = values.map((v, i) => detector.update(i * MINUTE, v));
    expect(detections[8000]!.reason).not.toBe('value unusual for its recent range');
    expect(detections[8500]!.score).toBeGreaterThan(0.99);
  });
});
