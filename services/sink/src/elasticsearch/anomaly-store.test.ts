import type { AnomalyEvent, ConsumedRecord } from '@daytwo/core';
import { anomalyEncoding, AnomalyStore } from './anomaly-store';
import type { BulkItem } from './bulk-encoder';
import { DeadLetterIndex, type LogDeadLetter } from './dead-letter-index';
import type { WriteResult } from './write-result';

const event = (over: Partial<AnomalyEvent> = {}): AnomalyEvent => ({
  schema_version: 1,
  id: 'anom-1',
  '@timestamp': '2026-03-01T00:30:00+01:00',
  source: 'metric',
  detector: 'ewma',
  score: 0.9,
  reason: 'latency above the band',
  status: 'firing',
  workload: { namespace: 'shop', kind: 'Deployment', name: 'api' },
  ...over,
});

function consumed(record: unknown, offset = 1, kind: ConsumedRecord['kind'] = 'anomaly'): ConsumedRecord {
  const id = (record as { id?: unknown } | null)?.id;
  const origin = {
    topic: 'daytwo.anomalies',
    partition: 0,
    offset: String(offset),
    key: null,
    headers: {},
    timestamp: '0',
  };
  return {
    kind,
    record: record as AnomalyEvent,
    id: typeof id === 'string' ? id : undefined,
    origin,
  } as ConsumedRecord;
}

const encoding = anomalyEncoding({ prefix: 'dt' }, 'month');
const { status: _status, ...withoutStatus } = event();

describe('anomalyEncoding.route', () => {
  it.each([
    ['a firing event', event(), 'anom-1:firing', 'firing'],
    [
      'its resolution: the same id, a document of its own',
      event({ status: 'resolved' }),
      'anom-1:resolved',
      'resolved',
    ],
    ['an event without status: firing, written out', withoutStatus, 'anom-1:firing', 'firing'],
  ])('%s', (_what, record, id, status) => {
    // 2026-02-29T23:30Z: the UTC month picks the index.
    expect(encoding.route(consumed(record))).toEqual({
      ok: true,
      index: 'dt-anomalies-2026.02',
      id,
      document: { ...record, status },
    });
  });

  it('keeps fields the schema does not know in the document', () => {
    const route = encoding.route(consumed({ ...event(), extra: { a: 1 } }));
    expect(route.ok && route.document).toMatchObject({ extra: { a: 1 } });
  });

  it.each([
    ['no id', { ...event(), id: '' }, 'record_invalid', 'id: '],
    ['a score above 1', event({ score: 3 }), 'record_invalid', 'score: '],
    ['an unknown status', { ...event(), status: 'maybe' }, 'record_invalid', 'status: '],
    ['a timestamp that is no date', event({ '@timestamp': 'now' }), 'timestamp_invalid', '@timestamp "now"'],
    ['no record at all', null, 'record_invalid', '(record): '],
  ])('refuses %s', (_what, record, reason, error) => {
    expect(encoding.route(consumed(record))).toMatchObject({
      ok: false,
      reason,
      errorType: 'schema_validation',
      error: expect.stringContaining(error) as unknown,
    });
  });

  it.each([
    ['a firing event by id and status', event(), 'anom-1:firing'],
    ['a resolved event by id and status', event({ status: 'resolved' }), 'anom-1:resolved'],
    ['an event without a usable status as firing', { ...event(), status: 7 }, 'anom-1:firing'],
    ['an event without an id by its position (no id)', { ...event(), id: 5 }, undefined],
  ])('names in the dead-letter index %s', (_what, record, id) => {
    expect(encoding.deadLetterId!(consumed(record))).toBe(id);
  });
});

describe('AnomalyStore', () => {
  /** An in-memory index: `create` semantics (a second create of an id is a 409). */
  function memoryIndex() {
    const docs = new Map<string, unknown>();
    const send = (items: readonly BulkItem[]): Promise<WriteResult[]> =>
      Promise.resolve(
        items.map((item): WriteResult => {
          const key = `${item.index}/${item.id}`;
          if (docs.has(key)) return { outcome: 'success', duplicate: true };
          docs.set(key, JSON.parse(item.payload.split('\n')[1]!));
          return { outcome: 'success', duplicate: false };
        }),
      );
    return { docs, send };
  }

  it('stores firing and resolved apart, counts a redelivery as duplicates, dead-letters what is not an anomaly', async () => {
    const index = memoryIndex();
    const retry = { initialMs: 1, maxMs: 1, maxElapsedMs: 100 };
    const deadLetters = new DeadLetterIndex({ index: 'dt-deadletter-anomalies', send: index.send, retry });
    const store = new AnomalyStore({ naming: { prefix: 'dt' }, period: 'day', submit: index.send, deadLetters, retry });
    const batch = [
      consumed(event(), 1),
      consumed(event({ status: 'resolved' }), 2),
      consumed(event({ id: 'anom-2', score: 5 }), 3),
      consumed({ event: { id: 'log-1' } }, 4, 'log'),
    ];
    expect(await store.store(batch)).toEqual({ stored: 2, duplicates: 0, deadLettered: 2 });
    expect(await store.store(batch)).toEqual({ stored: 0, duplicates: 2, deadLettered: 2 });
    const keys = [...index.docs.keys()];
    expect(keys).toEqual([
      'dt-anomalies-2026.02.28/anom-1:firing',
      'dt-anomalies-2026.02.28/anom-1:resolved',
      'dt-deadletter-anomalies/anom-2:firing',
      'dt-deadletter-anomalies/daytwo.anomalies:0:4:0',
    ]);
    const reasons = keys.slice(2).map((k) => (index.docs.get(k) as LogDeadLetter).reason);
    expect(reasons).toEqual(['record_invalid', 'kind_unexpected']);
  });
});
