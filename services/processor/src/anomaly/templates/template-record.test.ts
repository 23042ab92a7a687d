import { SCHEMA_VERSION, type LogRecord } from '@daytwo/core';
import { TemplateMiner } from './template-miner';
import { templateSourceOf, withTemplate } from './template-record';

function record(message: string, extra: Partial<LogRecord> = {}): LogRecord {
  return {
    schema_version: SCHEMA_VERSION,
    '@timestamp': '2024-01-01T00:00:00Z',
    message,
    event: { id: 'e1' },
    ...extra,
  };
}

describe('withTemplate', () => {
  it('sets event.template and event.template_id without touching the input', () => {
    const input = record('user 42 logged in');
    const out = withTemplate(new TemplateMiner(), input);
    expect(out.event).toMatchObject({ id: 'e1', template: 'user <*> logged in' });
    expect(out.event.template_id).toMatch(/^[0-9a-f]{16}$/);
    expect(input.event.template).toBeUndefined();
  });
});

describe('templateSourceOf', () => {
  it.each([
    ['dataset first', record('m', { event: { id: 'e', dataset: 'nginx.access' } }), 'nginx.access'],
    [
      'namespace/workload/container, shared by replicas',
      record('m', { kubernetes: { namespace: 'shop', workload: { name: 'cart' }, container: { name: 'app' } } }),
      'shop/cart/app',
    ],
    ['nothing known', record('m'), 'default'],
  ])('%s', (_name, input, source) => {
    expect(templateSourceOf(input)).toBe(source);
  });
});
