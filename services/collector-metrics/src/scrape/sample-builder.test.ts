import { parseRelabelConfigs } from '@daytwo/core';
import { parseExposition } from '../exposition';
import { buildSamples, mergeTargetLabels, type SampleContext } from './sample-builder';
import { seriesHash } from './series-identity';

const target = { job: 'node', instance: 'a:9100' };
const context = (overrides: Partial<SampleContext> = {}): SampleContext => ({
  targetLabels: target,
  honorLabels: false,
  honorTimestamps: true,
  metricRelabelConfigs: [],
  scrapeTimeMs: 1_700_000_000_000,
  ...overrides,
});

function build(body: string, overrides: Partial<SampleContext> = {}) {
  const ctx = context(overrides);
  return buildSamples(parseExposition(body, 'text/plain', { defaultTimestampMs: ctx.scrapeTimeMs }).samples, ctx);
}

describe('mergeTargetLabels', () => {
  it.each<[string, Record<string, string>, boolean, Record<string, string>]>([
    ['adds target labels', { mode: 'idle' }, false, { mode: 'idle', job: 'node', instance: 'a:9100' }],
    [
      'clash: target wins, exposed kept as exported_',
      { job: 'app' },
      false,
      { exported_job: 'app', job: 'node', instance: 'a:9100' },
    ],
    [
      'clash twice',
      { job: 'app', exported_job: 'x' },
      false,
      { exported_exported_job: 'app', exported_job: 'x', job: 'node', instance: 'a:9100' },
    ],
    ['honorLabels: exposed wins', { job: 'app' }, true, { job: 'app', instance: 'a:9100' }],
    ['empty exposed value is no label', { job: '' }, false, { job: 'node', instance: 'a:9100' }],
    ['honorLabels and an empty exposed value: target fills it', { job: '' }, true, { job: 'node', instance: 'a:9100' }],
  ])('%s', (_name, exposed, honor, expected) => {
    expect(mergeTargetLabels(exposed, target, honor)).toEqual(expected);
  });
});

describe('buildSamples', () => {
  const body =
    '# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 10\nhttp_requests_total{code="500"} 1 1690000000000\ntemp 21.5\n';

  it('labels, identities, types and timestamps', () => {
    const { samples } = build(body);
    expect(
      samples.map((s) => [s.series.name, s.series.labels, s.series.type, s.value, s.timestamp, s.explicitTimestamp]),
    ).toEqual([
      [
        'http_requests_total',
        { code: '200', job: 'node', instance: 'a:9100' },
        'counter',
        10,
        1_700_000_000_000,
        false,
      ],
      ['http_requests_total', { code: '500', job: 'node', instance: 'a:9100' }, 'counter', 1, 1_690_000_000_000, true],
      ['temp', { job: 'node', instance: 'a:9100' }, 'untyped', 21.5, 1_700_000_000_000, false],
    ]);
    expect(samples[2]!.series.hash).toBe(seriesHash('temp', { instance: 'a:9100', job: 'node' }));
  });

  it('without honorTimestamps every sample gets the scrape time', () => {
    const { samples } = build(body, { honorTimestamps: false });
    expect(samples.every((s) => s.timestamp === 1_700_000_000_000 && !s.explicitTimestamp)).toBe(true);
  });

  it('metric_relabel_configs drop and rename samples, after the target labels are added', () => {
    const metricRelabelConfigs = parseRelabelConfigs([
      { source_labels: ['code'], regex: '5..', action: 'drop' },
      { source_labels: ['__name__'], regex: 'temp', target_label: '__name__', replacement: 'temperature_celsius' },
      { source_labels: ['job'], target_label: 'scraped_by' },
    ]);
    const { samples, droppedByRelabel } = build(body, { metricRelabelConfigs });
    expect(droppedByRelabel).toBe(1);
    expect(samples.map((s) => [s.series.name, s.series.labels['scraped_by']])).toEqual([
      ['http_requests_total', 'node'],
      ['temperature_celsius', 'node'],
    ]);
  });

  it('a sample relabeled to the same series as an earlier one is dropped as a duplicate', () => {
    const metricRelabelConfigs = parseRelabelConfigs([{ regex: 'code', action: 'labeldrop' }]);
    const { samples, duplicates } = build(body, { metricRelabelConfigs });
    expect(samples.map((s) => s.value)).toEqual([10, 21.5]);
    expect(duplicates).toBe(1);
  });
});
