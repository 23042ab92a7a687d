import { runProcessor } from '@daytwo/processor-api';
import { metricSample } from '../../test-support/records';
import { relabel } from './relabel';

const samples = [
  metricSample('http_requests_total', { job: 'api', instance: 'a:80', __tmp: 'x' }),
  metricSample('go_gc_duration_seconds', { job: 'api' }),
  metricSample('up', { job: 'db', pod_name: 'db-0' }),
];

describe('relabel', () => {
  it.each([
    {
      name: 'drops by name',
      rules: [{ source_labels: ['__name__'], regex: 'go_.*', action: 'drop' }],
      out: ['http_requests_total{instance=a:80,job=api}', 'up{job=db,pod_name=db-0}'],
    },
    {
      name: 'keeps by label',
      rules: [{ source_labels: ['job'], regex: 'db', action: 'keep' }],
      out: ['up{job=db,pod_name=db-0}'],
    },
    {
      name: 'replaces into a new label',
      rules: [{ source_labels: ['instance'], regex: '(.*):\\d+', target_label: 'host', replacement: '$1' }],
      out: [
        'http_requests_total{host=a,instance=a:80,job=api}',
        'go_gc_duration_seconds{job=api}',
        'up{job=db,pod_name=db-0}',
      ],
    },
    {
      name: 'renames the metric',
      rules: [{ source_labels: ['__name__'], regex: 'up', target_label: '__name__', replacement: 'target_up' }],
      out: [
        'http_requests_total{instance=a:80,job=api}',
        'go_gc_duration_seconds{job=api}',
        'target_up{job=db,pod_name=db-0}',
      ],
    },
    {
      name: 'maps labels',
      rules: [
        { regex: 'pod_(.*)', action: 'labelmap', replacement: 'k8s_$1' },
        { regex: 'pod_.*', action: 'labeldrop' },
      ],
      out: [
        'http_requests_total{instance=a:80,job=api}',
        'go_gc_duration_seconds{job=api}',
        'up{job=db,k8s_name=db-0}',
      ],
    },
    {
      name: 'drops a sample that loses its name',
      rules: [{ regex: '__name__', action: 'labeldrop' }],
      out: [],
    },
  ])('$name', async ({ rules, out }) => {
    const result = await runProcessor(relabel, { rules }, samples);
    const show = (s: (typeof samples)[number]) =>
      `${s.name}{${Object.keys(s.labels)
        .sort()
        .map((k) => `${k}=${s.labels[k]}`)
        .join(',')}}`;
    expect(result.records.map(show)).toEqual(out);
    for (const r of result.records) expect(samples.map((s) => s.id)).toContain(r.id);
  });

  it.each([
    [{ rules: [{ action: 'hashmod', target_label: 'x' }] }, 'relabel.rules[0].modulus'],
    [{ rules: [{ action: 'drop', regex: '(' }] }, 'relabel.rules[0].regex'],
    [{ rules: [] }, 'relabel.rules'],
  ])('rejects %j', async (config, message) => {
    await expect(runProcessor(relabel, config, [])).rejects.toThrow(message);
  });
});
