import { isSameSeries, seriesIdentity, seriesKey, seriesSelector, shardOf } from './series';

const labels = (...pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

describe('series identity', () => {
  it.each([
    [labels(['__name__', 'up'], ['job', 'a']), labels(['__name__', 'up'], ['job', 'a']), true],
    [labels(['__name__', 'up'], ['job', 'a']), labels(['__name__', 'up'], ['job', 'b']), false],
    // Pairs must not run into each other: {a="bc"} is not {ab="c"}.
    [labels(['a', 'bc']), labels(['ab', 'c']), false],
    [labels(['a', 'b'], ['c', '']), labels(['a', 'b']), false],
  ])('keys %j and %j are equal: %p', (a, b, same) => {
    expect(seriesKey(a) === seriesKey(b)).toBe(same);
    expect(seriesIdentity(a).hash === seriesIdentity(b).hash).toBe(same);
  });

  it('has a stable 32-digit hex hash and shard (they name Redis keys and lanes across restarts)', () => {
    const id = seriesIdentity(labels(['__name__', 'up'], ['job', 'api']));
    expect(id.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(id.hash).toBe(seriesIdentity(labels(['__name__', 'up'], ['job', 'api'])).hash);
    expect(shardOf(id.hash, 1)).toBe(0);
    expect(shardOf('0000000a', 4)).toBe(2);
    expect(shardOf('ffffffff', 7)).toBe(0xffffffff % 7);
  });
});

describe('seriesSelector', () => {
  it.each([
    [labels(['__name__', 'up'], ['job', 'api']), '{__name__="up",job="api"}'],
    [labels(['__name__', 'x'], ['path', 'a"b\\c\nd']), '{__name__="x",path="a\\"b\\\\c\\nd"}'],
    [labels(['__name__', 'température'], ['ü', '€']), undefined],
    [labels(['__name__', 'température'], ['u', '€']), '{__name__="température",u="€"}'],
    [labels(['__name__', 'a'], ['9lives', 'x']), undefined],
  ])('writes %j as %p', (input, expected) => {
    expect(seriesSelector(input)).toBe(expected);
  });
});

describe('isSameSeries', () => {
  const series = labels(['__name__', 'up'], ['job', 'api']);
  it.each([
    [{ __name__: 'up', job: 'api' }, true],
    [{ __name__: 'up', job: 'api', extra: 'x' }, false],
    [{ __name__: 'up' }, false],
    [{ __name__: 'up', job: 'web' }, false],
  ])('%j is the series: %p', (metric, same) => {
    expect(isSameSeries(metric, series)).toBe(same);
  });
});
