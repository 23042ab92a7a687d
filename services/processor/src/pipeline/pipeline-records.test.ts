import { decodeEnvelope, type ConsumedRecord, type MessageOrigin } from '@daytwo/core';
import { deriveRecordId } from '@daytwo/processor-api';
import { logRecord, metricSample } from '../test-support/records';
import { validateInput } from './input-validation';
import { OriginIndex } from './origins';
import { outputKey, outputMessages, seriesFallbackKey } from './output-messages';

const origin = (offset: string, key: string | null): MessageOrigin => ({
  topic: 'raw',
  partition: 2,
  offset,
  key,
  headers: {},
  timestamp: '0',
});
const consumed = (kind: 'log' | 'metric', record: unknown, offset: string, key: string | null = 'k') =>
  ({ kind, record, id: (record as { id?: string }).id, origin: origin(offset, key) }) as ConsumedRecord;

describe('validateInput', () => {
  it.each([
    { name: 'a valid log', kind: 'log' as const, record: logRecord('a'), error: undefined },
    {
      name: 'a log without event.id',
      kind: 'log' as const,
      record: { ...logRecord('a'), event: {} },
      error: /event\.id: /,
    },
    {
      name: 'a log of another schema version',
      kind: 'log' as const,
      record: { ...logRecord('a'), schema_version: 2 },
      error: /schema_version/,
    },
    { name: 'not an object', kind: 'log' as const, record: 'text', error: /\(record\): / },
    {
      name: 'a NaN sample (staleness marker)',
      kind: 'metric' as const,
      record: { ...metricSample('up'), value: NaN, stale: true },
      error: undefined,
    },
    {
      name: 'an +Inf sample',
      kind: 'metric' as const,
      record: { ...metricSample('up'), value: Infinity },
      error: undefined,
    },
    {
      name: 'a sample with a string value',
      kind: 'metric' as const,
      record: { ...metricSample('up'), value: '1' },
      error: /value: /,
    },
  ])('$name', ({ kind, record, error }) => {
    const { valid, invalid } = validateInput(kind, [consumed(kind, record, '7')]);
    if (error === undefined) {
      expect(invalid).toEqual([]);
      expect(valid[0]!.record).toEqual(record);
      return;
    }
    expect(valid).toEqual([]);
    expect(invalid[0]).toMatchObject({
      reason: 'record_invalid',
      source: { topic: 'raw', partition: 2, offset: '7' },
      raw: record,
    });
    expect(String(invalid[0]!.error)).toMatch(error);
  });
});

describe('output keys and messages', () => {
  const a = logRecord('a', { event: { id: 'A' }, kubernetes: { pod: { uid: 'uid-a' } } });
  const b = logRecord('b', { event: { id: 'B' } });
  const inputs = [
    { record: a, origin: origin('1', 'pod-a') },
    { record: b, origin: origin('2', 'pod-b') },
  ];
  const origins = new OriginIndex('log', inputs);

  it.each([
    { name: 'the source message key', record: a, key: 'pod-a' },
    {
      name: 'the key of the record a derived one came from',
      record: { ...b, event: { id: deriveRecordId(deriveRecordId('B', 1), 'x') } },
      key: 'pod-b',
    },
    { name: 'the pod uid of an untraceable record', record: { ...a, event: { id: 'other' } }, key: 'uid-a' },
    { name: 'empty without pod uid', record: { ...b, event: { id: 'other' } }, key: '' },
  ])('keys by $name', ({ record, key }) => {
    expect(outputKey('log', record, origins)).toBe(key);
  });

  it('keys untraceable samples by series, independent of label order', () => {
    const s1 = metricSample('up', { a: '1', b: '2' });
    const s2 = { ...metricSample('up', { b: '2', a: '1' }), id: 'other' };
    const none = new OriginIndex('metric', []);
    expect(outputKey('metric', s1, none)).toBe(outputKey('metric', s2, none));
    expect(seriesFallbackKey(s1)).not.toBe(seriesFallbackKey(metricSample('up', { a: '1' })));
  });

  it('groups records per key in order, within the envelope limits', () => {
    const records = [
      a,
      b,
      { ...a, event: { id: deriveRecordId('A', 0) } },
      { ...a, event: { id: deriveRecordId('A', 1) } },
    ];
    const messages = outputMessages('log', records, origins, { maxRecords: 2, maxBytes: 1_000_000 }, {});
    const decoded = messages.map((m) => [
      m.key,
      decodeEnvelope(m.value as Buffer).records.map((r) => (r as { event: { id: string } }).event.id),
    ]);
    expect(decoded).toEqual([
      ['pod-a', ['A', 'A#0']],
      ['pod-a', ['A#1']],
      ['pod-b', ['B']],
    ]);
  });

  it('falls back to the first message of the batch as a dead letter source', () => {
    expect(origins.findOrFirst({ event: { id: 'unknown' } })?.offset).toBe('1');
    expect(origins.find({ event: { id: 'unknown' } })).toBeUndefined();
  });
});
