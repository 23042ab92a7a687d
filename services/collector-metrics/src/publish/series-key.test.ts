import type { MetricType } from '@daytwo/core';
import { parseExposition } from '../exposition';
import { buildSamples } from '../scrape/sample-builder';
import { seriesHash } from '../scrape/series-identity';
import { seriesKey, seriesKeyHash } from './series-key';

describe('seriesKey', () => {
  const hash = seriesHash('up', { job: 'node', instance: 'a:9100' });

  it.each([1, 16, 64, 1000])('is stable and within %i shards', (shards) => {
    const key = seriesKey(hash, shards);
    expect(key).toBe(seriesKey(hash, shards));
    const shard = Number(key.replace('series-', ''));
    expect(shard).toBeGreaterThanOrEqual(0);
    expect(shard).toBeLessThan(shards);
  });

  it('is the series hash itself with 0 shards', () => expect(seriesKey(hash, 0)).toBe(hash));

  it('spreads series over the shards', () => {
    const keys = new Set(Array.from({ length: 500 }, (_, i) => seriesKey(seriesHash('m', { i: String(i) }), 16)));
    expect(keys.size).toBe(16);
  });
});

type Series = [name: string, labels: Record<string, string>, type: MetricType];

function keyHash([name, labels, type]: Series): string {
  return seriesKeyHash({ hash: seriesHash(name, labels), name, labels, type });
}

const L = { job: 'api', method: 'GET' };

describe('seriesKeyHash', () => {
  it.each<[string, Series[], string]>([
    [
      'histogram: buckets, _sum, _count and _created share family + labels without le',
      [
        ['rpc_seconds_bucket', { ...L, le: '0.1' }, 'histogram'],
        ['rpc_seconds_bucket', { ...L, le: '1' }, 'histogram'],
        ['rpc_seconds_bucket', { ...L, le: '+Inf' }, 'histogram'],
        ['rpc_seconds_sum', L, 'histogram'],
        ['rpc_seconds_count', L, 'histogram'],
        ['rpc_seconds_created', L, 'histogram'],
      ],
      seriesHash('rpc_seconds', L),
    ],
    [
      'gauge histogram: buckets, _gcount, _gsum',
      [
        ['queue_age_bucket', { ...L, le: '10' }, 'gaugehistogram'],
        ['queue_age_bucket', { ...L, le: '+Inf' }, 'gaugehistogram'],
        ['queue_age_gcount', L, 'gaugehistogram'],
        ['queue_age_gsum', L, 'gaugehistogram'],
      ],
      seriesHash('queue_age', L),
    ],
    [
      'summary: quantiles, _sum, _count share family + labels without quantile',
      [
        ['gc_seconds', { ...L, quantile: '0.5' }, 'summary'],
        ['gc_seconds', { ...L, quantile: '0.99' }, 'summary'],
        ['gc_seconds_sum', L, 'summary'],
        ['gc_seconds_count', L, 'summary'],
      ],
      seriesHash('gc_seconds', L),
    ],
  ])('%s', (_name, series, expected) => {
    expect(new Set(series.map(keyHash))).toEqual(new Set([expected]));
    // Without the grouping the series would be spread over the keys.
    expect(new Set(series.map(([name, labels]) => seriesKey(seriesHash(name, labels), 64))).size).toBeGreaterThan(1);
  });

  it.each<[string, Series]>([
    ['a counter', ['http_requests_total', { ...L, le: '1' }, 'counter']],
    ['a gauge', ['temperature', { ...L, quantile: '0.5' }, 'gauge']],
    ['an untyped _bucket', ['x_bucket', { le: '1' }, 'untyped']],
  ])('keys %s by its own identity (le/quantile kept)', (_name, series) => {
    expect(keyHash(series)).toBe(seriesHash(series[0], series[1]));
  });

  it.each<[string, Series, Series]>([
    ['other labels', ['h_bucket', { ...L, le: '1' }, 'histogram'], ['h_bucket', { job: 'api', le: '1' }, 'histogram']],
    ['another family', ['h_bucket', { ...L, le: '1' }, 'histogram'], ['g_bucket', { ...L, le: '1' }, 'histogram']],
  ])('tells histograms with %s apart', (_name, a, b) => {
    expect(keyHash(a)).not.toBe(keyHash(b));
  });

  it('puts every sample of a scraped histogram under one Kafka key', () => {
    const body = [
      '# TYPE rpc_seconds histogram',
      ...['0.005', '0.01', '0.05', '0.1', '0.5', '1', '5', '+Inf'].map(
        (le, i) => `rpc_seconds_bucket{le="${le}"} ${i}`,
      ),
      'rpc_seconds_sum 3.5',
      'rpc_seconds_count 7',
      '# TYPE up_total counter',
      'up_total 1',
    ].join('\n');
    const ctx = { targetLabels: { job: 'api' }, honorLabels: false, honorTimestamps: true, metricRelabelConfigs: [] };
    const { samples } = buildSamples(parseExposition(`${body}\n`, 'text/plain').samples, { ...ctx, scrapeTimeMs: 1 });
    const keys = new Map<string, Set<string>>();
    for (const { series } of samples) {
      const family = series.name.startsWith('rpc_seconds') ? 'rpc_seconds' : series.name;
      keys.set(family, (keys.get(family) ?? new Set()).add(seriesKey(seriesKeyHash(series), 16)));
    }
    expect(samples).toHaveLength(11);
    expect(keys.get('rpc_seconds')?.size).toBe(1);
    expect(keys.get('up_total')?.size).toBe(1);
  });
});
