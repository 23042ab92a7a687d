import { runProcessor } from '@daytwo/processor-api';
import { logRecord } from '../../test-support/records';
import { parseLogfmtBody } from './logfmt';
import { parseLogfmt } from './parse-logfmt';

describe('parseLogfmtBody', () => {
  it.each([
    ['level=info msg=hi', { kind: 'parsed', fields: { level: 'info', msg: 'hi' } }],
    ['a="x \\"y\\" z" b=', { kind: 'parsed', fields: { a: 'x "y" z', b: '' } }],
    ['a=1 debug a=2', { kind: 'parsed', fields: { a: '2', debug: true } }],
    ['a=b=c', { kind: 'parsed', fields: { a: 'b=c' } }],
    ['  a=1  ', { kind: 'parsed', fields: { a: '1' } }],
    ['a="line\\nbreak"', { kind: 'parsed', fields: { a: 'line\nbreak' } }],
    ['hello world a=1', { kind: 'unstructured' }],
    ['=x', { kind: 'unstructured' }],
    ['', { kind: 'unstructured' }],
    ['a="open', { kind: 'failed' }],
    ['a=1 b"c=2', { kind: 'failed' }],
    ['a=1 "quoted', { kind: 'failed' }],
  ])('%p', (text, expected) => {
    expect(parseLogfmtBody(text)).toEqual(expected);
  });
});

describe('parse-logfmt', () => {
  it.each([
    {
      name: 'parses into attributes',
      config: {},
      message: 'method=GET path=/x status=200',
      expected: { attributes: { method: 'GET', path: '/x', status: '200' } },
    },
    {
      name: 'promotes',
      config: { promote: true },
      message: 'time=2026-01-02T03:04:05Z level=error msg="disk full" dev=sda',
      expected: {
        message: 'disk full',
        log: { level: 'error' },
        '@timestamp': '2026-01-02T03:04:05.000Z',
        attributes: { dev: 'sda' },
      },
    },
    {
      name: 'bounds the field count',
      config: { maxFields: 1 },
      message: 'a=1 b=2',
      expected: { attributes: { a: '1' }, tags: ['parse_fields_truncated'] },
    },
    {
      name: 'flags malformed logfmt and keeps the body',
      config: {},
      message: 'a="unterminated',
      expected: { message: 'a="unterminated', log: { flags: ['parse_failed'] } },
    },
    { name: 'passes plain text', config: {}, message: 'just text', expected: { message: 'just text' } },
  ])('$name', async ({ config, message, expected }) => {
    const result = await runProcessor(parseLogfmt, config, [logRecord(message)]);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject(expected);
    if (!('attributes' in expected)) expect(result.records[0]!.attributes).toBeUndefined();
  });
});
