import { lastSampleQueryUrl, newestSampleTime, UnanswerableQueryError } from './last-sample-query';

const labels = [
  { name: '__name__', value: 'up' },
  { name: 'job', value: 'api' },
];

describe('lastSampleQueryUrl', () => {
  it('asks for the raw samples of [from, to] at `to`, on the configured endpoint', () => {
    const url = lastSampleQueryUrl(
      'http://p:9090/prom/api/v1/query?tenant=a',
      labels,
      1_700_000_000_000,
      1_700_000_004_500,
    )!;
    expect(url.origin + url.pathname).toBe('http://p:9090/prom/api/v1/query');
    expect(url.searchParams.get('tenant')).toBe('a');
    expect(url.searchParams.get('query')).toBe('{__name__="up",job="api"}[4501ms]');
    expect(url.searchParams.get('time')).toBe('1700000004.500');
  });

  it('gives up on label names PromQL cannot write', () => {
    expect(lastSampleQueryUrl('http://p/q', [{ name: 'a.b', value: '1' }], 0, 1)).toBeUndefined();
  });
});

describe('newestSampleTime', () => {
  const matrix = (result: unknown) => ({ status: 'success', data: { resultType: 'matrix', result } });
  it.each([
    ['no samples', matrix([]), undefined],
    [
      'the newest of the exact series',
      matrix([
        {
          metric: { __name__: 'up', job: 'api' },
          values: [
            [1700000000.001, '1'],
            [1700000002.5, '0'],
          ],
        },
        { metric: { __name__: 'up', job: 'api', extra: 'x' }, values: [[1700000009, '1']] },
      ]),
      1_700_000_002_500,
    ],
    [
      'only a series with more labels',
      matrix([{ metric: { __name__: 'up', job: 'api', x: '1' }, values: [[1, '1']] }]),
      undefined,
    ],
  ])('%s', (_what, payload, expected) => {
    expect(newestSampleTime(payload, labels)).toBe(expected);
  });

  it.each([{ status: 'error', error: 'bad' }, { status: 'success', data: { resultType: 'vector', result: [] } }, null])(
    'refuses %j',
    (payload) => expect(() => newestSampleTime(payload, labels)).toThrow(UnanswerableQueryError),
  );
});
