import {
  dailyAlias,
  dataStreamPattern,
  deadLetterIndexName,
  indexTarget,
  sanitizeNamePart,
  utcDay,
  type IndexNaming,
} from './index-naming';

const naming: IndexNaming = { prefix: 'daytwo', defaultDataset: 'container', defaultNamespace: 'default' };

describe('utcDay', () => {
  it.each([
    ['2026-01-01T00:00:00Z', '2026.01.01'],
    ['2026-01-01T23:59:59.999999999Z', '2026.01.01'],
    ['2026-03-01T01:30:00+02:00', '2026.02.28'],
    ['2026-02-28T23:30:00-01:00', '2026.03.01'],
    ['2024-02-29T12:00:00+0530', '2024.02.29'],
    ['2026-07-04T10:00:00', '2026.07.04'], // no offset: UTC, as Elasticsearch reads it
    ['2026-07-04', '2026.07.04'],
    ['0050-01-01T00:00:00Z', '0050.01.01'],
  ])('%s → %s', (timestamp, day) => {
    expect(utcDay(timestamp)).toBe(day);
  });

  it.each([
    ['not a date'],
    ['1'],
    ['2026-13-01T00:00:00Z'],
    ['2026-02-31T00:00:00Z'],
    ['2026-01-01T24:00:00Z'],
    [''],
    [1767225600000],
    [undefined],
  ])('rejects %p', (timestamp) => {
    expect(utcDay(timestamp)).toBeUndefined();
  });
});

describe('sanitizeNamePart', () => {
  it.each([
    ['kube-system', 'kube_system'],
    ['Payments', 'payments'],
    ['a/b*c?d"e<f>g|h,i#j:k l', 'a_b_c_d_e_f_g_h_i_j_k_l'],
    ['_hidden', 'hidden'],
    ['.dot', 'dot'],
    ['nginx.access', 'nginx.access'],
    ['', 'fallback'],
    ['___', 'fallback'],
    ['x'.repeat(150), 'x'.repeat(100)],
  ])('%s → %s', (value, expected) => {
    expect(sanitizeNamePart(value, 'fallback')).toBe(expected);
  });
});

describe('indexTarget', () => {
  const record = (namespace?: string, dataset?: string, ts: unknown = '2026-05-06T07:08:09.123456789Z') => ({
    '@timestamp': ts,
    event: { dataset },
    kubernetes: { namespace },
  });

  it.each([
    ['data_stream', record('kube-system', 'nginx.access'), 'logs-daytwo.nginx.access-kube_system'],
    ['data_stream', record(undefined, undefined), 'logs-daytwo.container-default'],
    ['daily', record('kube-system', 'nginx.access'), 'daytwo-logs-kube_system-2026.05.06'],
    ['daily', record(undefined, undefined, '2025-12-31T23:00:00-02:00'), 'daytwo-logs-default-2026.01.01'],
  ] as const)('%s %j → %s', (mode, fields, index) => {
    expect(indexTarget(mode, naming, fields)).toMatchObject({ ok: true, index });
  });

  it('depends only on the record: the same record always gets the same index', () => {
    const fields = record('shop', 'app', '2026-01-01T00:00:00Z');
    expect(indexTarget('daily', naming, fields)).toEqual(indexTarget('daily', naming, structuredClone(fields)));
  });

  it('refuses a record whose @timestamp is not a date in daily mode', () => {
    expect(indexTarget('daily', naming, record('a', 'b', 'yesterday'))).toEqual({
      ok: false,
      reason: 'timestamp_invalid',
      error: '@timestamp "yesterday" is not a date',
    });
  });

  it('keeps data stream names inside the template pattern and away from the daily alias', () => {
    expect(dataStreamPattern(naming)).toBe('logs-daytwo.*-*');
    expect(dailyAlias(naming)).toBe('daytwo-logs');
    expect(deadLetterIndexName(naming)).toBe('daytwo-deadletter-logs');
  });
});
