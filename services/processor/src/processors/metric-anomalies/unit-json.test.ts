import { MetricAnomalyDetector } from '../../anomaly/metric';
import { noise, seededRandom } from '../../anomaly/metric/test-series';
import type { SeriesUnitState } from './series-unit';
import { quantileSuffix } from './series-unit';
import { decodeUnitState, encodeUnitState, seriesStateKey, SeriesStateError } from './unit-json';

function unitState(): SeriesUnitState {
  const detector = new MetricAnomalyDetector();
  noise(seededRandom(5), 300, 3).forEach((v, i) => detector.update(i * 1000, 100 + v));
  return {
    version: 1,
    key: 'rpc_seconds_bucket{a="1"}',
    kind: 'histogram',
    source: { name: 'rpc_seconds', labels: { a: '1' } },
    clock: 299_000,
    histogram: {
      scrapes: { layout: ['0.5', '+Inf'], lastTaken: 299_000 },
      previous: [
        ['0.5', 3],
        ['+Inf', 7],
      ],
    },
    watched: [
      {
        series: { name: 'rpc_seconds:p50', labels: { a: '1' } },
        detector: detector.toJSON(),
        incident: { id: 'x', normal: 2 },
      },
    ],
  };
}

describe('unit state JSON', () => {
  it('round-trips exactly, with long number arrays packed as float64', () => {
    const state = unitState();
    const text = encodeUnitState(state);
    expect(text).toContain('"$f64"');
    expect(text.length).toBeLessThan(JSON.stringify(state).length * 0.7);
    expect(decodeUnitState(text, state.key)).toEqual(JSON.parse(JSON.stringify(state)));
  });

  it.each([
    ['not JSON', '{', 'rpc_seconds_bucket{a="1"}'],
    ['another version', JSON.stringify({ ...unitState(), version: 2 }), 'rpc_seconds_bucket{a="1"}'],
    ['another series', encodeUnitState(unitState()), 'other{}'],
    ['a broken packed array', '{"$f64":"AAA"}', 'x'],
  ])('rejects %s', (_name, text, key) => {
    expect(() => decodeUnitState(text, key)).toThrow(SeriesStateError);
  });

  it('keys state by a hash of the series identity', () => {
    expect(seriesStateKey('a{}')).toMatch(/^series\/[0-9a-f]{32}$/);
    expect(seriesStateKey('a{}')).not.toBe(seriesStateKey('b{}'));
  });

  it.each([
    [0.5, 'p50'],
    [0.99, 'p99'],
    [0.999, 'p99_9'],
    [0.0001, 'p0_01'],
  ])('names quantile %d %s', (q, suffix) => {
    expect(quantileSuffix(q)).toBe(suffix);
  });
});
