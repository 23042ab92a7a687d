import { runProcessor } from '@daytwo/processor-api';
import { logRecord, metricSample } from '../../test-support/records';
import { filter } from './filter';

const logs = [
  logRecord('a', { kubernetes: { namespace: 'kube-system' }, log: { level: 'debug' } }),
  logRecord('b', { kubernetes: { namespace: 'shop' }, log: { level: 'error' }, attributes: { status: 500 } }),
  logRecord('c', { kubernetes: { namespace: 'shop' }, attributes: { 'http.status': '200', path: '/healthz' } }),
];

describe('filter on logs', () => {
  it.each([
    {
      name: 'drop by equals',
      config: { action: 'drop', conditions: [{ field: 'kubernetes.namespace', equals: 'kube-system' }] },
      kept: ['b', 'c'],
    },
    {
      name: 'keep by in',
      config: { action: 'keep', conditions: [{ field: 'log.level', in: ['warn', 'error'] }] },
      kept: ['b'],
    },
    {
      name: 'drop by regex',
      config: { action: 'drop', conditions: [{ field: 'attributes.path', regex: '^/health' }] },
      kept: ['a', 'b'],
    },
    {
      name: 'keep by exists',
      config: { action: 'keep', conditions: [{ field: 'attributes', exists: true }] },
      kept: ['b', 'c'],
    },
    {
      name: 'drop by not exists',
      config: { action: 'drop', conditions: [{ field: 'log.level', exists: false }] },
      kept: ['a', 'b'],
    },
    {
      name: 'number equals text',
      config: { action: 'keep', conditions: [{ field: 'attributes.status', equals: '500' }] },
      kept: ['b'],
    },
    {
      name: 'text equals number on a dotted key',
      config: { action: 'keep', conditions: [{ field: 'attributes.http.status', equals: 200 }] },
      kept: ['c'],
    },
    {
      name: 'negated',
      config: { action: 'keep', conditions: [{ field: 'kubernetes.namespace', equals: 'shop', not: true }] },
      kept: ['a'],
    },
    {
      name: 'all conditions',
      config: {
        action: 'drop',
        conditions: [
          { field: 'kubernetes.namespace', equals: 'shop' },
          { field: 'log.level', equals: 'error' },
        ],
      },
      kept: ['a', 'c'],
    },
    {
      name: 'any condition',
      config: {
        action: 'drop',
        match: 'any',
        conditions: [
          { field: 'message', equals: 'a' },
          { field: 'message', equals: 'c' },
        ],
      },
      kept: ['b'],
    },
    {
      name: 'regex never matches an object',
      config: { action: 'keep', conditions: [{ field: 'kubernetes', regex: '.' }] },
      kept: [],
    },
  ])('$name', async ({ config, kept }) => {
    const result = await runProcessor(filter, config, logs, { kind: 'log' });
    expect(result.records.map((r) => r.message)).toEqual(kept);
    expect(result.counts.dropped).toBe(logs.length - kept.length);
  });
});

describe('filter on metrics', () => {
  it('keeps samples by label', async () => {
    const samples = [metricSample('up', { job: 'api' }), metricSample('up', { job: 'db' }), metricSample('x')];
    const result = await runProcessor(
      filter,
      { action: 'keep', conditions: [{ field: 'labels.job', regex: '^a' }] },
      samples,
      {
        kind: 'metric',
      },
    );
    expect(result.records.map((s) => s.labels['job'])).toEqual(['api']);
  });
});

describe('filter config', () => {
  it.each([
    [
      { action: 'drop', conditions: [{ field: 'x', equals: 1, regex: 'a' }] },
      'filter.conditions[0].regex: needs exactly one of',
    ],
    [{ action: 'drop', conditions: [{ field: 'x' }] }, 'filter.conditions[0]: needs exactly one of'],
    [
      { action: 'drop', conditions: [{ field: 'x', regex: '(' }] },
      'filter.conditions[0].regex: invalid regular expression',
    ],
    [{ action: 'drop', conditions: [] }, 'filter.conditions'],
    [{ action: 'remove', conditions: [{ field: 'x', exists: true }] }, 'filter.action'],
    [
      { action: 'drop', conditions: [{ field: 'x', exists: true, equal: 1 }] },
      'filter.conditions[0].equal: unknown key',
    ],
  ])('%j', async (config, message) => {
    await expect(runProcessor(filter, config, [], { kind: 'log' })).rejects.toThrow(message);
  });
});
