import { decodeEnvelope, encodeEnvelope, EnvelopeError, recordId } from './envelope';
import { MetricSample } from '../schemas/metric-sample';
import type { LogRecord } from '../schemas/log-record';

const sample = (value: number): MetricSample => ({
  schema_version: 1,
  id: `s-${value}`,
  name: 'up',
  labels: { job: 'x' },
  value,
  timestamp: 1700000000000,
  type: 'gauge',
});

describe('envelope', () => {
  it('round-trips log records with their ids', () => {
    const log: LogRecord = {
      schema_version: 1,
      '@timestamp': '2026-01-01T00:00:00Z',
      message: 'hi',
      event: { id: 'a1' },
    };
    const env = decodeEnvelope(encodeEnvelope('log', [log, log]));
    expect(env.kind).toBe('log');
    expect(env.records).toEqual([log, log]);
    expect(recordId('log', env.records[0])).toBe('a1');
  });

  it.each([
    [NaN, NaN],
    [Infinity, Infinity],
    [-Infinity, -Infinity],
    [1.5, 1.5],
  ])('keeps the metric value %p', (input, expected) => {
    const env = decodeEnvelope(encodeEnvelope('metric', [sample(input)]));
    expect((env.records[0] as MetricSample).value).toBe(expected);
    expect(recordId('metric', env.records[0])).toBe(`s-${input}`);
  });

  it.each([
    ['not json', 'not JSON'],
    ['[1]', 'unsupported envelope version'],
    ['{"v":2,"kind":"log","records":[]}', 'unsupported envelope version 2'],
    ['{"v":1,"kind":"trace","records":[]}', 'unknown record kind trace'],
    ['{"v":1,"kind":"log"}', 'no records array'],
  ])('rejects %s', (raw, message) => {
    expect(() => decodeEnvelope(Buffer.from(raw))).toThrow(EnvelopeError);
    expect(() => decodeEnvelope(raw)).toThrow(message);
  });
});

describe('MetricSample schema', () => {
  it.each([NaN, Infinity, -Infinity, 0, -1.5])('accepts the value %p', (value) => {
    expect(MetricSample.safeParse(sample(value)).success).toBe(true);
  });
  it.each(['1', null, undefined])('rejects the value %p', (value) => {
    expect(MetricSample.safeParse({ ...sample(1), value }).success).toBe(false);
  });
});
