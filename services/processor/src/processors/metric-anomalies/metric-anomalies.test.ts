import { AnomalyEvent } from '@daytwo/core';
import { memoryStateStore, ProcessorConfigError, runProcessor } from '@daytwo/processor-api';
import { noise, seededRandom } from '../../anomaly/metric/test-series';
import { metricAnomalies } from './metric-anomalies';
import { brief, gauge, levelShift, POD, sample, startProcessor } from './test-samples';

/**
 * The NAB-optimal threshold (0.99966) fires on white noise about once per few hundred samples; these tests are about
 * the processor, not the detector's calibration, so they pin the quiet threshold (the default) and alert only on
 * clear anomalies.
 */
const CLEAR = { threshold: 0.99999 };

describe('metric-anomalies', () => {
  it('reports a level shift in a gauge once, then its end under the same id; samples pass unchanged', async () => {
    const input = gauge(levelShift(360, 300, 30));
    const { records, anomalies, failures } = await runProcessor(metricAnomalies, CLEAR, input);
    expect(records).toEqual(input);
    expect(failures).toEqual([]);
    expect(brief(anomalies)).toEqual(['queue_depth:firing', 'queue_depth:resolved']);
    const [firing, resolved] = anomalies.map((e) => AnomalyEvent.parse(e));
    expect(firing).toMatchObject({
      source: 'metric',
      '@timestamp': new Date(input[300]!.timestamp).toISOString(),
      series: { name: 'queue_depth', labels: POD },
      value: input[300]!.value,
      pod: POD.pod,
      workload: { namespace: 'shop', name: 'api' },
    });
    expect(firing!.expected!.upper).toBeLessThan(firing!.value!);
    expect(firing!.score).toBeGreaterThanOrEqual(CLEAR.threshold);
    expect(firing!.reason).not.toBe('');
    expect(resolved).toMatchObject({ id: firing!.id, status: 'resolved', series: firing!.series });
    expect(resolved!['@timestamp']).toBe(new Date(input[310]!.timestamp).toISOString());
  });

  it('turns counters into rates across a reset, and reports a change of the rate', async () => {
    const eps = noise(seededRandom(3), 340, 5);
    let total = 0;
    const input = eps.map((e, i) => {
      // Restarted right after scrape 199: the counter starts over from 0 and counts one interval.
      if (i === 200) total = 0;
      total += (i >= 300 ? 750 : 150) + e;
      return sample('http_requests_total', { deployment: 'web', namespace: 'shop' }, i, total, 'counter');
    });
    const { anomalies } = await runProcessor(metricAnomalies, CLEAR, input);
    // No event at the reset; the new rate is reported, then accepted as normal.
    expect(brief(anomalies)).toEqual(['http_requests_total:rate:firing', 'http_requests_total:rate:resolved']);
    expect(anomalies[0]).toMatchObject({ '@timestamp': new Date(input[300]!.timestamp).toISOString() });
    expect(anomalies[0]!.value).toBeCloseTo((750 + eps[300]!) / 15, 6);
    expect(anomalies[0]!.expected!.upper).toBeLessThan(12);
    expect(anomalies[0]!.workload).toEqual({ namespace: 'shop', kind: 'Deployment', name: 'web' });
  });

  it('detects on quantiles of histogram bucket increases', async () => {
    const bounds = ['0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
    const random = seededRandom(11);
    const cumulative = bounds.map(() => 0);
    const input = Array.from({ length: 240 }, (_, i) => {
      // 100 requests per scrape: most under 0.25 s, after scrape 200 most between 1 and 2.5 s.
      const fast = 60 + Math.round(random() * 20);
      const perBucket = i < 200 ? [fast, 95 - fast, 4, 1, 0, 0] : [5, 5, 5, 10, 75, 0];
      let running = 0;
      return bounds.map((le, b) => {
        running += perBucket[b]!;
        cumulative[b]! += running;
        return sample('rpc_seconds_bucket', { le, namespace: 'shop', pod: 'rpc-0' }, i, cumulative[b]!, 'histogram');
      });
    }).flat();
    const { anomalies, records } = await runProcessor(metricAnomalies, CLEAR, input);
    expect(records).toHaveLength(input.length);
    const p50 = anomalies.find((e) => e.series?.name === 'rpc_seconds:p50');
    expect(p50).toMatchObject({ status: 'firing', series: { labels: { namespace: 'shop', pod: 'rpc-0' } } });
    expect(p50!.value).toBeGreaterThan(1);
    expect(p50!.expected!.upper).toBeLessThan(0.25);
    expect(p50!['@timestamp']).toBe(new Date(input[200 * bounds.length]!.timestamp).toISOString());
    expect(p50!.workload).toEqual({ namespace: 'shop', name: 'rpc-0' });
  });

  it('skips staleness markers, NaN, other types, excluded names and histogram sums, and passes them on', async () => {
    const input = [
      { ...sample('up', {}, 0, Number.NaN), stale: true },
      sample('temperature', {}, 0, Number.NaN),
      sample('build_info', {}, 0, 1, 'info'),
      sample('go_gc_seconds', {}, 0, 1),
      sample('rpc_seconds_sum', {}, 0, 1, 'histogram'),
      sample('queue_depth', {}, 0, 1),
    ];
    const { records } = await runProcessor(metricAnomalies, { exclude: ['go_.*'] }, input);
    expect(records).toEqual(input);
    const { processor } = startProcessor(memoryStateStore(), { exclude: ['go_.*'] });
    await processor.process(input);
    expect(processor.stats()).toMatchObject({
      skipped: { stale: 1, notFinite: 1, type: 1, filtered: 1, part: 1 },
      units: 1,
      detectors: 1,
    });
    await processor.close();
  });

  it('keeps at most maxSeries detectors, evicting the least recently updated, and writes the evicted ones', async () => {
    const state = memoryStateStore();
    const { processor } = startProcessor(state, { maxSeries: 3 });
    const pods = ['a', 'b', 'c', 'd', 'e'];
    await processor.process(pods.map((pod) => sample('queue_depth', { pod }, 0, 1)));
    expect(processor.stats()).toMatchObject({ units: 3, detectors: 3, evicted: 2, created: 5 });
    await processor.persist();
    expect(processor.stats()).toMatchObject({ written: 5, lost: 0 });
    await processor.process([sample('queue_depth', { pod: 'a' }, 1, 1)]);
    expect(processor.stats()).toMatchObject({ loaded: 1, created: 5, evicted: 3 });
    await processor.close();
  });

  it.each([
    [{ detector: { warmup: -1 } }, 'metric-anomalies.detector.warmup'],
    [{ detector: { warmpu: 1 } }, 'metric-anomalies.detector.warmpu'],
    [{ include: ['('] }, 'metric-anomalies.include[0]'],
    [{ histogram: { quantiles: [1.5] } }, 'metric-anomalies.histogram.quantiles[0]'],
    [{ threshold: 0 }, 'metric-anomalies.threshold'],
  ])('rejects the config %j naming %s', async (config, key) => {
    await expect(runProcessor(metricAnomalies, config, [])).rejects.toThrow(ProcessorConfigError);
    await expect(runProcessor(metricAnomalies, config, [])).rejects.toThrow(key);
  });
});
