import { parsePrometheusText, sumBy, sumOf } from './prometheus-text';

describe('parsePrometheusText', () => {
  it.each([
    ['plain', 'up 1', [{ name: 'up', labels: {}, value: 1 }]],
    [
      'labels',
      'a_total{topic="x",reason="bad"} 3',
      [{ name: 'a_total', labels: { topic: 'x', reason: 'bad' }, value: 3 }],
    ],
    ['escapes', 'm{l="a\\"b\\\\c\\nd"} 2', [{ name: 'm', labels: { l: 'a"b\\c\nd' }, value: 2 }]],
    [
      'timestamp and +Inf',
      'h_bucket{le="+Inf"} +Inf 1700000000000',
      [{ name: 'h_bucket', labels: { le: '+Inf' }, value: Infinity }],
    ],
    ['comments skipped', '# HELP x y\n# TYPE x counter\nx 4', [{ name: 'x', labels: {}, value: 4 }]],
    ['broken label set skipped', 'x{l=unquoted} 1\ny 2', [{ name: 'y', labels: {}, value: 2 }]],
    ['trailing comma', 'x{a="1",} 5', [{ name: 'x', labels: { a: '1' }, value: 5 }]],
  ])('%s', (_name, text, expected) => {
    expect(parsePrometheusText(text)).toEqual(expected);
  });
});

describe('sumOf / sumBy', () => {
  const samples = parsePrometheusText(
    ['r{status="200"} 5', 'r{status="204"} 1', 'r{status="400"} 2', 'r{status="503"} 3', 'other 9'].join('\n'),
  );
  it.each([
    [{}, 11],
    [{ status: '400' }, 2],
    [{ status: (s: string) => !s.startsWith('2') }, 5],
    [{ missing: 'x' }, 0],
  ])('sumOf r %o = %d', (match, expected) => {
    expect(sumOf(samples, 'r', match)).toBe(expected);
  });

  it('sums per label value', () => {
    expect(sumBy(samples, 'r', 'status')).toEqual({ '200': 5, '204': 1, '400': 2, '503': 3 });
  });
});
