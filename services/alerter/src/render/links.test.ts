import { kibanaDiscoverUrl, prometheusExpr, prometheusGraphUrl, risonString, workloadKql } from './links';

describe('risonString', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it!'s'"],
    ['wow!', "'wow!!'"],
  ])('%s', (input, expected) => {
    expect(risonString(input)).toBe(expected);
  });
});

describe('workloadKql', () => {
  it.each([
    ['shop', 'checkout', 'kubernetes.namespace:"shop" and kubernetes.workload.name:"checkout"'],
    ['', 'node_load1', 'kubernetes.workload.name:"node_load1"'],
    ['a"b', 'c\\d', 'kubernetes.namespace:"a\\"b" and kubernetes.workload.name:"c\\\\d"'],
  ])('%s/%s', (ns, name, expected) => {
    expect(workloadKql(ns, name)).toBe(expected);
  });
});

describe('kibanaDiscoverUrl', () => {
  it('carries the time range and the workload query in URL-encoded rison', () => {
    const url = kibanaDiscoverUrl({
      kibanaUrl: 'https://kibana.example/s/ops/',
      namespace: 'shop',
      workload: "o'neil",
      from: '2026-03-01T09:59:00.000Z',
      to: '2026-03-01T10:01:00.000Z',
    });
    const [base, hash] = url.split('#');
    expect(base).toBe('https://kibana.example/s/ops/app/discover');
    const params = new URLSearchParams(hash!.slice(2));
    expect(params.get('_g')).toBe("(time:(from:'2026-03-01T09:59:00.000Z',to:'2026-03-01T10:01:00.000Z'))");
    expect(params.get('_a')).toBe(
      `(query:(language:kuery,query:'kubernetes.namespace:"shop" and kubernetes.workload.name:"o!'neil"'))`,
    );
    expect(url).not.toMatch(/[\s"]/);
  });
});

describe('prometheusGraphUrl', () => {
  it('graphs the selector for the hour up to the end', () => {
    const url = new URL(prometheusGraphUrl('http://prom:9090/', 'up{job="a b"}', '2026-03-01T10:01:02.345Z'));
    expect(url.pathname).toBe('/graph');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      'g0.expr': 'up{job="a b"}',
      'g0.tab': '0',
      'g0.range_input': '1h',
      'g0.end_input': '2026-03-01 10:01:02',
    });
  });
});

describe('prometheusExpr', () => {
  it.each([
    ['a stored series: its selector', 'up{job="node"}', 'up{job="node"}'],
    ['a stored series without labels', 'queue_depth', 'queue_depth'],
    [
      'p90 of a histogram',
      'http_request_duration_seconds:p90{job="api",namespace="shop"}',
      'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{job="api",namespace="shop"}[5m])))',
    ],
    ['p50 without labels', 'rpc_seconds:p50', 'histogram_quantile(0.5, sum by (le) (rate(rpc_seconds_bucket[5m])))'],
    [
      'p99.9 (p99_9)',
      'rpc_seconds:p99_9{job="a"}',
      'histogram_quantile(0.999, sum by (le) (rate(rpc_seconds_bucket{job="a"}[5m])))',
    ],
    ['a counter rate', 'foo_total:rate{job="a",path="/x"}', 'rate(foo_total{job="a",path="/x"}[5m])'],
    ['a histogram count rate', 'rpc_seconds_count:rate', 'rate(rpc_seconds_count[5m])'],
    [
      'label values with braces, colons and quotes stay as they are',
      'foo_total:rate{msg="a:p90 {x}",q="say \\"hi\\""}',
      'rate(foo_total{msg="a:p90 {x}",q="say \\"hi\\""}[5m])',
    ],
    ['a name with a colon that is no derived suffix', 'job:errors:ratio{job="a"}', 'job:errors:ratio{job="a"}'],
    ['a :p suffix without digits', 'foo:pending', 'foo:pending'],
  ])('%s', (_name, series, expected) => {
    expect(prometheusExpr(series)).toBe(expected);
  });
});
