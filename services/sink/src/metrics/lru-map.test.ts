import { LruMap } from './lru-map';

describe('LruMap', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now newer than b
    lru.set('c', 3);
    expect([lru.has('a'), lru.has('b'), lru.has('c'), lru.size]).toEqual([true, false, true, 2]);
    lru.set('a', 4); // updating refreshes too
    lru.set('d', 5);
    expect([lru.get('a'), lru.has('c'), lru.get('d')]).toEqual([4, false, 5]);
  });

  it.each([0, -1, 1.5])('refuses capacity %p', (capacity) => {
    expect(() => new LruMap(capacity)).toThrow(RangeError);
  });
});
