import { runProcessor } from '@daytwo/processor-api';
import { logRecord } from '../../test-support/records';
import { parseJson } from './parse-json';

describe('parse-json', () => {
  it.each([
    {
      name: 'parses an object body into attributes',
      config: {},
      message: '{"user":"ann","n":2,"ok":true}',
      expected: { attributes: { user: 'ann', n: 2, ok: true } },
    },
    {
      name: 'merges into existing attributes, the body winning',
      config: {},
      message: '{"a":1}',
      patch: { attributes: { a: 0, b: 2 } },
      expected: { attributes: { a: 1, b: 2 } },
    },
    {
      name: 'writes to a configured target',
      config: { target: 'attributes.body' },
      message: '{"a":1}',
      expected: { attributes: { body: { a: 1 } } },
    },
    {
      name: 'keeps deeper objects as JSON text',
      config: { maxDepth: 2 },
      message: '{"a":{"b":{"c":1}},"d":[1,[2]]}',
      expected: { attributes: { a: { b: '{"c":1}' }, d: [1, '[2]'] }, tags: ['parse_fields_truncated'] },
    },
    {
      name: 'keeps at most maxFields keys and tags the record',
      config: { maxFields: 2 },
      message: '{"a":1,"b":2,"c":3}',
      expected: { attributes: { a: 1, b: 2 }, tags: ['parse_fields_truncated'] },
    },
    {
      name: 'flags broken JSON and keeps the body',
      config: {},
      message: '{"a":1',
      expected: { message: '{"a":1', log: { flags: ['parse_failed'] } },
    },
    {
      name: 'flags a JSON object-looking scalar mix',
      config: {},
      message: '{} trailing',
      expected: { log: { flags: ['parse_failed'] } },
    },
    { name: 'passes plain text on unchanged', config: {}, message: 'hello {x}', expected: { message: 'hello {x}' } },
    {
      name: 'flags plain text when asked to',
      config: { unstructured: 'flag' },
      message: '[1,2]',
      expected: { log: { flags: ['parse_failed'] } },
    },
    {
      name: 'promotes message, level and time',
      config: { promote: true },
      message: '{"msg":"hi","Level":"WARN","ts":1767323045.5,"k":"v"}',
      expected: {
        message: 'hi',
        log: { level: 'WARN' },
        '@timestamp': '2026-01-02T03:04:05.500Z',
        attributes: { k: 'v' },
      },
    },
    {
      name: 'leaves an unparseable time in attributes',
      config: { promote: { time: ['when'] } },
      message: '{"when":"soon","msg":"m"}',
      expected: { message: 'm', '@timestamp': '2026-01-01T00:00:00.000Z', attributes: { when: 'soon' } },
    },
    {
      name: 'keeps a __proto__ key as data',
      config: {},
      message: '{"__proto__":{"polluted":1}}',
      expected: { attributes: JSON.parse('{"__proto__":{"polluted":1}}') as object },
    },
    {
      name: 'parses another source field',
      config: { source: 'attributes.payload', target: 'attributes.payload_fields' },
      message: 'text',
      patch: { attributes: { payload: '{"x":1}' } },
      expected: { message: 'text', attributes: { payload: '{"x":1}', payload_fields: { x: 1 } } },
    },
  ])('$name', async ({ config, message, patch, expected }) => {
    const result = await runProcessor(parseJson, config, [logRecord(message, patch)]);
    expect(result.failures).toEqual([]);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject(expected);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    [{ target: 'labels' }, 'parse-json.target: must be "attributes" or a path under it'],
    [{ maxDepth: 0 }, 'parse-json.maxDepth'],
    [{ promote: { msg: ['x'] } }, 'parse-json.promote'],
    [{ unstructured: 'drop' }, 'parse-json.unstructured'],
  ])('rejects config %j', async (config, message) => {
    await expect(runProcessor(parseJson, config, [])).rejects.toThrow(message);
  });
});
