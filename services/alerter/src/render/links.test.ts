import { kibanaDiscoverUrl, prometheusGraphUrl, risonString, workloadKql } from './links';

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
