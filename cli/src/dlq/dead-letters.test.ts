import { parseStoredEntry, summarize, UNREADABLE_REASON, type StoredDeadLetter } from './dead-letters';

const stored = (id: string, reason: string | undefined, stage: string, time: string): StoredDeadLetter => ({
  id,
  store: id.startsWith('es:') ? 'es' : 'kafka',
  entry:
    reason === undefined
      ? undefined
      : {
          reason,
          error: 'e',
          stage,
          source: { topic: 't', partition: 0, offset: '1' },
          raw: '',
          raw_encoding: 'utf8',
          raw_bytes: 0,
          raw_truncated: false,
          timestamp: time,
        },
  time,
});

describe('summarize', () => {
  it('counts by store, stage and reason, most frequent first, with the latest time', () => {
    expect(
      summarize([
        stored('kafka:0:1', 'processing_failed', 'processor/p', '2025-01-01T00:00:01Z'),
        stored('kafka:0:2', 'processing_failed', 'processor/p', '2025-01-01T00:00:03Z'),
        stored('es:x', 'timestamp_invalid', 'sink.elasticsearch', '2025-01-01T00:00:02Z'),
        stored('kafka:0:3', undefined, '', '2025-01-01T00:00:00Z'),
      ]),
    ).toEqual([
      { store: 'kafka', stage: 'processor/p', reason: 'processing_failed', count: 2, latest: '2025-01-01T00:00:03Z' },
      { store: 'kafka', stage: '', reason: UNREADABLE_REASON, count: 1, latest: '2025-01-01T00:00:00Z' },
      {
        store: 'es',
        stage: 'sink.elasticsearch',
        reason: 'timestamp_invalid',
        count: 1,
        latest: '2025-01-01T00:00:02Z',
      },
    ]);
  });
});

describe('parseStoredEntry', () => {
  it.each([
    ['not JSON', '{oops', 'not JSON'],
    ['JSON but no entry', '{"a":1}', 'not a dead-letter entry'],
  ])('%s', (_name, text, why) => {
    expect(parseStoredEntry(text).unreadable).toMatch(why);
  });
});
