import { seriesHash } from '../scrape/series-identity';
import { seriesKey } from './series-key';

describe('seriesKey', () => {
  const hash = seriesHash('up', { job: 'node', instance: 'a:9100' });

  it.each([1, 16, 64, 1000])('is stable and within %i shards', (shards) => {
    const key = seriesKey(hash, shards);
    expect(key).toBe(seriesKey(hash, shards));
    const shard = Number(key.replace('series-', ''));
    expect(shard).toBeGreaterThanOrEqual(0);
    expect(shard).toBeLessThan(shards);
  });

  it('is the series hash itself with 0 shards', () => expect(seriesKey(hash, 0)).toBe(hash));

  it('spreads series over the shards', () => {
    const keys = new Set(Array.from({ length: 500 }, (_, i) => seriesKey(seriesHash('m', { i: String(i) }), 16)));
    expect(keys.size).toBe(16);
  });
});
