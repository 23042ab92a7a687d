import type { MetricType } from '@daytwo/core';
import { MetricAnomaliesConfig } from './config';
import { SampleRouter } from './sample-route';
import { sample } from './test-samples';

const router = new SampleRouter(
  MetricAnomaliesConfig.parse({
    types: ['gauge', 'counter', 'histogram', 'gaugehistogram', 'summary', 'untyped'],
    include: ['http_.*|queue_.*|rpc_.*|up'],
    exclude: ['http_debug_.*'],
  }),
);

const route = (name: string, type: MetricType, labels: Record<string, string> = {}, value = 1) => {
  const r = router.route(sample(name, labels, 0, value, type));
  return typeof r === 'string' ? r : { kind: r.kind, key: r.key, source: r.source.name, le: r.le };
};

describe('SampleRouter', () => {
  it.each([
    ['queue_depth', 'gauge', {}, { kind: 'gauge', key: 'queue_depth{}', source: 'queue_depth', le: undefined }],
    ['up', 'untyped', {}, { kind: 'gauge', key: 'up{}', source: 'up', le: undefined }],
    [
      'http_total',
      'counter',
      { a: '1' },
      { kind: 'counter', key: 'http_total{a="1"}', source: 'http_total', le: undefined },
    ],
    ['http_created', 'counter', {}, 'part'],
    [
      'rpc_seconds_bucket',
      'histogram',
      { le: '0.5', b: '2', a: '1' },
      { kind: 'histogram', key: 'rpc_seconds_bucket{a="1",b="2"}', source: 'rpc_seconds', le: '0.5' },
    ],
    [
      'rpc_seconds_count',
      'histogram',
      {},
      { kind: 'counter', key: 'rpc_seconds_count{}', source: 'rpc_seconds_count', le: undefined },
    ],
    ['rpc_seconds_sum', 'histogram', {}, 'part'],
    ['rpc_seconds_bucket', 'histogram', {}, 'part'],
    [
      'queue_wait_bucket',
      'gaugehistogram',
      { le: '+Inf' },
      { kind: 'gaugehistogram', key: 'queue_wait_bucket{}', source: 'queue_wait', le: '+Inf' },
    ],
    [
      'rpc_latency',
      'summary',
      { quantile: '0.99' },
      { kind: 'gauge', key: 'rpc_latency{quantile="0.99"}', source: 'rpc_latency', le: undefined },
    ],
    [
      'rpc_latency_count',
      'summary',
      {},
      { kind: 'counter', key: 'rpc_latency_count{}', source: 'rpc_latency_count', le: undefined },
    ],
    ['rpc_latency_sum', 'summary', {}, 'part'],
    ['http_info', 'info', {}, 'type'],
    ['node_load1', 'gauge', {}, 'filtered'],
    ['http_debug_total', 'counter', {}, 'filtered'],
    ['xqueue_depth', 'gauge', {}, 'filtered'],
  ] as const)('%s (%s, %j) → %j', (name, type, labels, expected) => {
    expect(route(name, type, labels)).toEqual(expected);
  });

  it.each([
    [{ ...sample('up', {}, 0, 1), stale: true }, 'stale'],
    [sample('up', {}, 0, Number.NaN), 'notFinite'],
    [sample('up', {}, 0, Infinity), 'notFinite'],
  ])('skips %j as %s', (s, reason) => {
    expect(router.route(s)).toBe(reason);
  });

  it('detects only the configured types (default: gauge, counter, histogram)', () => {
    const defaults = new SampleRouter(MetricAnomaliesConfig.parse({}));
    expect(defaults.route(sample('rpc_latency', { quantile: '0.5' }, 0, 1, 'summary'))).toBe('type');
    expect(defaults.route(sample('anything', {}, 0, 1, 'untyped'))).toBe('type');
  });
});
