import { Counter, Gauge, Histogram, MetricSet } from './prometheus-text';

describe('MetricSet', () => {
  it('renders counters, gauges and cumulative histogram buckets in the text format', () => {
    const set = new MetricSet();
    const requests = set.add(new Counter('req_total', 'Requests'));
    const depth = set.add(new Gauge('depth', 'Depth'));
    const latency = set.add(new Histogram('lat_seconds', 'Latency', [0.1, 1]));
    requests.inc({ code: '200' });
    requests.inc({ code: '200' }, 2);
    requests.inc({ code: 'a"b' });
    depth.set(7);
    for (const v of [0.05, 0.5, 3]) latency.observe(v, { route: '/x' });
    expect(set.render().split('\n')).toEqual([
      '# HELP req_total Requests',
      '# TYPE req_total counter',
      'req_total{code="200"} 3',
      'req_total{code="a\\"b"} 1',
      '# HELP depth Depth',
      '# TYPE depth gauge',
      'depth 7',
      '# HELP lat_seconds Latency',
      '# TYPE lat_seconds histogram',
      'lat_seconds_bucket{route="/x",le="0.1"} 1',
      'lat_seconds_bucket{route="/x",le="1"} 2',
      'lat_seconds_bucket{route="/x",le="+Inf"} 3',
      'lat_seconds_sum{route="/x"} 3.55',
      'lat_seconds_count{route="/x"} 3',
      '',
    ]);
  });
});
