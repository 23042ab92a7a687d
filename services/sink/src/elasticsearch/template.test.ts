import type { IndexNaming } from './index-naming';
import { anomalyTemplate, deadLetterTemplate, logTemplate, type TemplateOptions } from './template';

const naming: IndexNaming = { prefix: 'dt', defaultDataset: 'container', defaultNamespace: 'default' };
const options: TemplateOptions = { naming, messageType: 'text', priority: 200, shards: 1, replicas: 0 };

describe('templates', () => {
  it('daily mode: pattern of the daily indices, joined to the alias, no data stream', () => {
    const t = logTemplate('daily', options);
    expect(t).toMatchObject({ name: 'dt-logs', index_patterns: ['dt-logs-*'], priority: 200 });
    expect(t.data_stream).toBeUndefined();
    expect(t.template?.aliases).toEqual({ 'dt-logs': {} });
  });

  it('data stream mode: a data_stream template over logs-<prefix>.*-*', () => {
    const t = logTemplate('data_stream', options);
    expect(t).toMatchObject({ name: 'dt-logs-datastream', index_patterns: ['logs-dt.*-*'], data_stream: {} });
    expect(t.template?.aliases).toBeUndefined();
  });

  it('maps user-keyed maps as flattened so `app` and `app.kubernetes.io/name` cannot conflict', () => {
    const props = logTemplate('daily', options).template!.mappings!.properties!;
    const k8s = props['kubernetes'] as { properties: Record<string, { type?: string }> };
    expect([
      k8s.properties['labels']?.type,
      k8s.properties['annotations']?.type,
      props['labels']?.type,
      props['attributes']?.type,
    ]).toEqual(['flattened', 'flattened', 'flattened', 'flattened']);
    expect(props['@timestamp']?.type).toBe('date_nanos');
    expect(props['message']?.type).toBe('text');
    expect(logTemplate('daily', options).template!.mappings!.dynamic).toBe(false);
  });

  it('keeps the dead-letter raw record a string, outside the log pattern', () => {
    const t = deadLetterTemplate(options);
    expect(t.index_patterns).toEqual(['dt-deadletter-logs*']);
    expect(t.template!.mappings!.properties!['raw']).toEqual({ type: 'text' });
  });
});

describe('anomaly template', () => {
  const t = anomalyTemplate({ naming: { prefix: 'dt' }, priority: 200, shards: 1, replicas: 0 });
  const props = t.template!.mappings!.properties!;
  const typeAt = (path: string) => {
    const [head, ...rest] = path.split('.');
    let def = props[head!] as { type?: string; properties?: Record<string, unknown> } | undefined;
    for (const part of rest) def = def?.properties?.[part] as typeof def;
    return def?.type;
  };

  it('covers the anomaly indices and joins them to the alias', () => {
    expect(t).toMatchObject({ name: 'dt-anomalies', index_patterns: ['dt-anomalies-*'], priority: 200 });
    expect(t.template?.aliases).toEqual({ 'dt-anomalies': {} });
    expect(t.template!.mappings!.dynamic).toBe(false);
  });

  it.each([
    ...[
      'detector',
      'status',
      'source',
      'workload.namespace',
      'workload.name',
      'workload.kind',
      'pod',
      'series.name',
      'template.id',
    ].map((field) => [field, 'keyword']),
    ['series.labels', 'flattened'],
    ['@timestamp', 'date'],
    ...['score', 'value', 'expected.lower', 'expected.upper'].map((field) => [field, 'float']),
  ])('maps %s as %s', (field, type) => {
    expect(typeAt(field)).toBe(type);
  });
});
