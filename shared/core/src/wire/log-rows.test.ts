import type { LogRecord } from '../schemas/log-record';
import { decodeEnvelope, EnvelopeError } from './envelope';
import { LogRowWriter, type LogRowValues } from './log-row-writer';
import { encodeLogRowEnvelopes, LogRows, type LogRowsCommon } from './log-rows';

const common: LogRowsCommon = {
  schema_version: 1,
  log: { file: { path: '/var/log/pods/shop_web-1_uid-1/web/0.log' } },
  kubernetes: {
    namespace: 'shop',
    pod: { name: 'web-1', uid: 'uid-1' },
    container: { name: 'web', restart_count: 0 },
    node: { name: 'node-a' },
  },
  host: { name: 'host-a' },
};

const TS = '2024-05-01T12:00:00.123456789Z';

/** The record the old layout would carry for these values. */
function record(values: LogRowValues, base: LogRowsCommon = common): LogRecord {
  const log: NonNullable<LogRecord['log']> = { ...base.log };
  if (values.offset !== undefined) log.offset = values.offset;
  if (values.flags !== undefined && values.flags.length > 0) log.flags = [...values.flags] as never;
  return {
    ...base,
    '@timestamp': values.timestamp,
    message: values.message,
    ...(values.stream === undefined ? {} : { stream: values.stream }),
    log,
    event: { id: values.id },
  };
}

/** A CRI line and where its parts are, as the collector hands them to appendBytes. */
function criLine(message: string, stream: 'stdout' | 'stderr' = 'stdout') {
  const line = Buffer.from(`${TS} ${stream} F ${message}\n`);
  const messageStart = TS.length + stream.length + 4;
  return { line, tsEnd: TS.length, messageStart, messageEnd: line.length - 1 };
}

function decodeAll(envelopes: readonly Buffer[]): unknown[] {
  return envelopes.flatMap((e) => decodeEnvelope(e).records);
}

describe('compact log envelopes', () => {
  it.each([
    ['plain text', 'hello world'],
    ['JSON body', '{"level":"info","msg":"a \\"quoted\\" word","path":"C:\\\\x"}'],
    ['control characters', 'tab\there\u0001\u001f\r'],
    ['UTF-8', 'héllo ✓ 𝄞'],
    ['empty', ''],
  ])('a row written from line bytes decodes to the full record: %s', (_name, message) => {
    const writer = new LogRowWriter(common, { initialBytes: 16 });
    const { line, tsEnd, messageStart, messageEnd } = criLine(message, 'stderr');
    writer.appendBytes(Buffer.from('id-'), 4096, line, 0, tsEnd, 'stderr', messageStart, messageEnd);
    const records = decodeAll(encodeLogRowEnvelopes([writer.take()], { maxRecords: 500, maxBytes: 1e6 }));
    const id = 'id-0000000000001000';
    expect(records).toEqual([record({ id, offset: 4096, timestamp: TS, stream: 'stderr', message })]);
  });

  it.each<[string, LogRowValues]>([
    ['flags', { id: 'a', offset: 1, timestamp: TS, stream: 'stdout', message: 'x\ny', flags: ['multiline'] }],
    ['two flags', { id: 'b', offset: 2, timestamp: TS, stream: 'stdout', message: '', flags: ['truncated', 'x'] }],
    ['no offset, no stream', { id: 'c', timestamp: TS, message: 'm' }],
    ['lone surrogate in the message', { id: 'd', offset: 0, timestamp: TS, message: 'a\ud800b' }],
  ])('a row written from values decodes to the full record: %s', (_name, values) => {
    const writer = new LogRowWriter(common);
    writer.append(values);
    const records = decodeAll(encodeLogRowEnvelopes([writer.take()], { maxRecords: 500, maxBytes: 1e6 }));
    expect(records).toEqual([record(values)]);
  });

  it.each([
    // rows, maxRecords, maxBytes, expected rows per envelope
    [0, 10, 1e6, []],
    [1, 10, 1e6, [1]],
    [25, 10, 1e6, [10, 10, 5]],
    [6, 100, 900, [3, 3]],
    [3, 100, 10, [1, 1, 1]],
  ])('%i rows, at most %i per envelope and %i bytes -> %j', (n, maxRecords, maxBytes, expected) => {
    const writer = new LogRowWriter(common, { initialBytes: 64 });
    for (let i = 0; i < n; i++) writer.append({ id: `id-${i}`, offset: i, timestamp: TS, message: 'x'.repeat(100) });
    const rows = writer.take();
    const envelopes = encodeLogRowEnvelopes([rows.slice(0, 2), rows.slice(2, n)], { maxRecords, maxBytes });
    expect(envelopes.map((e) => decodeEnvelope(e).records.length)).toEqual(expected);
    const ids = decodeAll(envelopes).map((r) => (r as LogRecord).event.id);
    expect(ids).toEqual(Array.from({ length: n }, (_, i) => `id-${i}`));
  });

  it('keeps rows of different files in different envelopes, in order', () => {
    const other: LogRowsCommon = { ...common, log: { file: { path: '/other/0.log' } } };
    const parts = [common, other, common].map((c, i) => {
      const writer = new LogRowWriter(c);
      writer.append({ id: `id-${i}`, offset: i, timestamp: TS, message: 'm' });
      return writer.take();
    });
    const envelopes = encodeLogRowEnvelopes(parts, { maxRecords: 500, maxBytes: 1e6 });
    expect(envelopes.map((e) => (decodeEnvelope(e).records as LogRecord[]).map((r) => r.log?.file?.path))).toEqual([
      ['/var/log/pods/shop_web-1_uid-1/web/0.log'],
      ['/other/0.log'],
      ['/var/log/pods/shop_web-1_uid-1/web/0.log'],
    ]);
  });

  it('hands rows over once: take starts afresh, and iterating, slicing and record() decode them', () => {
    const writer = new LogRowWriter(common, { initialBytes: 8 });
    for (let i = 0; i < 3; i++) writer.append({ id: `id-${i}`, offset: i, timestamp: TS, message: `m${i}` });
    const rows = writer.take();
    expect(writer.take()).toHaveLength(0);
    const expected = [0, 1, 2].map((i) => record({ id: `id-${i}`, offset: i, timestamp: TS, message: `m${i}` }));
    expect([...rows]).toEqual(expected);
    expect([...rows.slice(1, 3)]).toEqual(expected.slice(1));
    expect(rows.record(2)).toEqual(expected[2]);
    expect(rows.slice(2, 2)).toHaveLength(0);
  });

  it('gives every record objects of its own', () => {
    const writer = new LogRowWriter(common);
    writer.append({ id: 'a', offset: 0, timestamp: TS, message: 'a' });
    writer.append({ id: 'b', offset: 1, timestamp: TS, message: 'b' });
    const [first, second] = decodeAll(encodeLogRowEnvelopes([writer.take()], { maxRecords: 9, maxBytes: 1e6 })) as [
      LogRecord,
      LogRecord,
    ];
    first.kubernetes!.pod!.name = 'changed';
    expect(second.kubernetes?.pod?.name).toBe('web-1');
  });
});

describe('rows written inside envelopes', () => {
  const values = (i: number): LogRowValues => ({
    id: `id-${i}`,
    offset: i,
    timestamp: TS,
    message: i % 3 === 0 ? 'x'.repeat(300) : `m${i}`,
  });

  it.each([
    // rows, maxRecords, maxBytes
    [1, 10, 1e6],
    [25, 10, 1e6],
    [25, 100, 1500],
    [7, 100, 10],
  ])(
    '%i rows within %i rows / %i bytes: complete envelopes, the same records as copied ones',
    (n, maxRecords, maxBytes) => {
      const limits = { maxRecords, maxBytes };
      const writer = new LogRowWriter(common, { initialBytes: 32, envelopes: limits });
      for (let i = 0; i < n; i++) writer.append(values(i));
      const rows = writer.take();
      const built = encodeLogRowEnvelopes([rows], limits);
      expect(built).toEqual(rows.built?.values);
      const copied = encodeLogRowEnvelopes([rows.slice(0, n)], limits);
      expect(decodeAll(built)).toEqual(decodeAll(copied));
      expect(decodeAll(built)).toEqual(Array.from({ length: n }, (_, i) => record(values(i))));
      for (const envelope of built) {
        const count = decodeEnvelope(envelope).records.length;
        expect(count).toBeLessThanOrEqual(maxRecords);
        if (count > 1) expect(envelope.length).toBeLessThanOrEqual(maxBytes);
      }
      expect([...rows]).toEqual(decodeAll(built));
    },
  );

  it('are cut again when the producer allows less than they were written for', () => {
    const writer = new LogRowWriter(common, { envelopes: { maxRecords: 10, maxBytes: 1e6 } });
    for (let i = 0; i < 10; i++) writer.append(values(i));
    const envelopes = encodeLogRowEnvelopes([writer.take()], { maxRecords: 4, maxBytes: 1e6 });
    expect(envelopes.map((e) => decodeEnvelope(e).records.length)).toEqual([4, 4, 2]);
  });
});

describe('decodeEnvelope of the compact layout', () => {
  const envelope = (body: Record<string, unknown>) => JSON.stringify({ v: 1, kind: 'log', ...body });
  const fields = ['event.id', 'message'];

  it.each([
    ['common not an object', { common: [1], fields, rows: [] }, 'common part is not an object'],
    ['no fields', { common: {}, rows: [] }, 'no fields array'],
    ['rows not an array', { common: {}, fields, rows: {} }, 'no rows array'],
    ['a row not an array', { common: {}, fields, rows: [{}] }, 'a row is not an array'],
    ['a row too long', { common: {}, fields, rows: [['a', 'b', 'c']] }, '3 values for 2 fields'],
    ['a field into the prototype', { common: {}, fields: ['__proto__.x'], rows: [[1]] }, 'not a usable path'],
    ['an empty path segment', { common: {}, fields: ['log..offset'], rows: [[1]] }, 'not a usable path'],
    ['a field through a value', { common: { log: 'x' }, fields: ['log.offset'], rows: [[1]] }, 'not an object'],
  ])('rejects %s', (_name, body, message) => {
    expect(() => decodeEnvelope(envelope(body))).toThrow(EnvelopeError);
    expect(() => decodeEnvelope(envelope(body))).toThrow(message);
  });

  it('rejects rows outside a log envelope', () => {
    expect(() => decodeEnvelope('{"v":1,"kind":"metric","common":{},"fields":[],"rows":[]}')).toThrow(
      'no records array',
    );
  });

  it('keeps a `__proto__` key of the common part as data, without touching prototypes', () => {
    const raw =
      '{"v":1,"kind":"log","common":{"labels":{"__proto__":{"polluted":"yes"}}},"fields":["message"],"rows":[["m"],[null]]}';
    const records = decodeEnvelope(raw).records as Array<Record<string, unknown>>;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(records[0]!['labels'] as object)).toEqual(['__proto__']);
    expect(records.map((r) => r['message'])).toEqual(['m', undefined]);
  });

  it('reads an empty LogRows as no rows', () => {
    expect(encodeLogRowEnvelopes([LogRows.empty('{}')], { maxRecords: 1, maxBytes: 1 })).toEqual([]);
  });
});
