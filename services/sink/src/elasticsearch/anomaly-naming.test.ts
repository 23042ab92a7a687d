import {
  anomalyAlias,
  anomalyDeadLetterIndexName,
  anomalyDocumentId,
  anomalyIndexPattern,
  anomalyTarget,
  type AnomalyIndexPeriod,
} from './anomaly-naming';

const naming = { prefix: 'daytwo' };

describe('anomalyTarget', () => {
  it.each<[AnomalyIndexPeriod, string, string]>([
    ['month', '2026-01-31T23:59:59.999Z', 'daytwo-anomalies-2026.01'],
    ['month', '2026-02-01T00:30:00+02:00', 'daytwo-anomalies-2026.01'], // UTC month, not the local one
    ['month', '2026-12-31T23:00:00-02:00', 'daytwo-anomalies-2027.01'],
    ['day', '2026-01-31T23:59:59.999999999Z', 'daytwo-anomalies-2026.01.31'],
    ['day', '2026-02-01T00:30:00+02:00', 'daytwo-anomalies-2026.01.31'],
  ])('%s of %s → %s', (period, timestamp, index) => {
    expect(anomalyTarget(naming, period, timestamp)).toEqual({ ok: true, index });
  });

  it.each([['yesterday'], ['2026-02-30T00:00:00Z'], [''], [1767225600000], [undefined]])(
    'refuses @timestamp %p: the index cannot be derived from the event',
    (timestamp) => {
      expect(anomalyTarget(naming, 'month', timestamp)).toEqual({
        ok: false,
        reason: 'timestamp_invalid',
        error: expect.stringContaining('is not a date') as unknown,
      });
    },
  );
});

describe('anomalyDocumentId', () => {
  it.each([
    ['a1', 'firing', 'a1:firing'],
    ['a1', 'resolved', 'a1:resolved'],
  ])('%s %s → %s', (id, status, expected) => {
    expect(anomalyDocumentId(id, status)).toBe(expected);
  });

  it('hashes ids longer than Elasticsearch accepts, stably and per status', () => {
    const long = 'é'.repeat(300);
    const firing = anomalyDocumentId(long, 'firing');
    expect(firing).toMatch(/^[0-9a-f]{64}$/);
    expect(anomalyDocumentId(long, 'firing')).toBe(firing);
    expect(anomalyDocumentId(long, 'resolved')).not.toBe(firing);
  });
});

describe('anomaly index names', () => {
  const matches = (pattern: string, name: string) => new RegExp(`^${pattern.replace('*', '.*')}$`).test(name);

  it.each([
    ['a monthly index', 'daytwo-anomalies-2026.01', true],
    ['a daily index', 'daytwo-anomalies-2026.01.31', true],
    ['the alias (never an index)', anomalyAlias(naming), false],
    ['the dead-letter index', anomalyDeadLetterIndexName(naming), false],
    ['a daily log index', 'daytwo-logs-anomalies-2026.01.31', false],
  ])('the template pattern takes %s: %s → %p', (_what, name, taken) => {
    expect(matches(anomalyIndexPattern(naming), name)).toBe(taken);
  });

  it('names the alias and dead-letter index after the prefix', () => {
    expect([anomalyAlias(naming), anomalyDeadLetterIndexName(naming)]).toEqual([
      'daytwo-anomalies',
      'daytwo-deadletter-anomalies',
    ]);
  });
});
