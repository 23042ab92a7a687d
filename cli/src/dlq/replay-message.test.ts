import { buildDeadLetterEntry, decodeEnvelope, encodeEnvelope, type LogRecord } from '@daytwo/core';
import { isRefusal, kindOfTopic, replayMessage } from './replay-message';

const record: LogRecord = {
  schema_version: 1,
  '@timestamp': '2025-01-01T00:00:00.000Z',
  message: 'hello',
  kubernetes: { pod: { uid: 'pod-uid-1' } },
  event: { id: 'rec-1' },
};
const source = { topic: 'x.daytwo.logs.raw', partition: 2, offset: '17' };
const entry = (raw: unknown, overrides: object = {}) => ({
  ...buildDeadLetterEntry({
    reason: 'processing_failed',
    error: 'boom',
    stage: 'processor/p',
    source,
    raw: raw as object,
  }),
  ...overrides,
});

describe('kindOfTopic', () => {
  it.each([
    ['daytwo.logs.raw', 'log'],
    ['t1.daytwo.logs.enriched', 'log'],
    ['daytwo.metrics.raw', 'metric'],
    ['a.b.daytwo.metrics.processed', 'metric'],
    ['daytwo.anomalies', 'anomaly'],
    ['daytwo.deadletter', undefined],
    ['mydaytwo.logs.raw', undefined],
  ])('%s → %s', (topic, kind) => {
    expect(kindOfTopic(topic)).toBe(kind);
  });
});

describe('replayMessage', () => {
  it('puts a record back in an envelope of its own, id unchanged, keyed by pod, to its partition', () => {
    const m = replayMessage('kafka:0:5', entry({ ...record, record_id: 'rec-1' }, { record_id: 'rec-1' }));
    if (isRefusal(m)) throw new Error(m.reason);
    expect({ topic: m.topic, partition: m.partition, key: m.key, recordId: m.recordId }).toEqual({
      topic: 'x.daytwo.logs.raw',
      partition: 2,
      key: 'pod-uid-1',
      recordId: 'rec-1',
    });
    expect(decodeEnvelope(m.value).records).toEqual([{ ...record, record_id: 'rec-1' }]);
  });

  it('sends raw envelope bytes back as they were', () => {
    const bytes = encodeEnvelope('log', [record]);
    const m = replayMessage('es:a', entry(bytes));
    expect(isRefusal(m) ? m.reason : m.value.equals(bytes)).toBe(true);
  });

  it('sends bytes that are neither an envelope nor a record as they were', () => {
    const m = replayMessage('es:a', entry(Buffer.from([0xff, 0x00, 0x01])));
    expect(isRefusal(m) ? m.reason : [...m.value]).toEqual([0xff, 0x00, 0x01]);
  });

  it.each([
    ['a truncated record', entry(record, { raw_truncated: true, raw_bytes: 999_999 }), /cut at/],
    [
      'a source that is no pipeline topic',
      entry(record, { source: { ...source, topic: 'daytwo.deadletter' } }),
      /not a pipeline/,
    ],
  ])('refuses %s', (_name, e, reason) => {
    const m = replayMessage('kafka:1:1', e);
    expect(isRefusal(m) ? m.reason : 'sent').toMatch(reason);
  });
});
