import { memoryStateStore, type ProcessorStateStore } from '@daytwo/processor-api';
import { PersistedPool, type PersistedPoolOptions, type PersistedPoolStats } from './persisted-pool';

interface Item {
  key: string;
  clock: number;
  weight: number;
  notes: string[];
}

type Policy = PersistedPoolOptions<Item>['reconcile'];

/** Takes the stored copy when it is further on (as metric-anomalies does). */
const furtherOnAdopted: Policy = (stored, mine) => {
  const copy = stored.read();
  return copy !== undefined && copy.clock > mine.clock ? { adopt: copy } : { write: mine };
};
/** Writes the union of both (as log-anomalies does). */
const merged: Policy = (stored, mine) => {
  const copy = stored.read();
  if (copy === undefined) return { write: mine };
  const notes = [...new Set([...copy.notes, ...mine.notes])].sort();
  return { write: { ...mine, clock: Math.max(copy.clock, mine.clock), notes } };
};
/** Never looks at the stored copy. */
const mineWritten: Policy = (_stored, mine) => ({ write: mine });

const item = (key: string, clock = 0, weight = 1, notes: string[] = []): Item => ({ key, clock, weight, notes });
const text = (i: Item) => JSON.stringify(i);
const storeKey = (key: string) => `item/${key}`;

function decode(t: string, key: string): Item {
  const parsed = JSON.parse(t) as Item;
  if (parsed.key !== key) throw new Error(`belongs to ${parsed.key}`);
  return parsed;
}

/** A memory store whose calls can be made to fail, as Redis does while it is away. */
function flakyStore(): ProcessorStateStore & { down: boolean; map: ProcessorStateStore } {
  const map = memoryStateStore();
  const store = {
    down: false,
    map,
    get: (key: string) => (store.down ? Promise.reject(new Error('down')) : map.get(key)),
    set: (key: string, value: string) => (store.down ? Promise.reject(new Error('down')) : map.set(key, value)),
  };
  return store;
}

function setup(maxWeight = 10, reconcile: Policy = furtherOnAdopted) {
  const store = flakyStore();
  const logs: Array<[string, object | string, string | undefined]> = [];
  const log = (level: string) => (obj: object | string, msg?: string) => logs.push([level, obj, msg]);
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const pool = new PersistedPool<Item>(store, logger, {
    processor: 'test',
    noun: 'thing',
    maxWeight,
    storeKey,
    encode: text,
    decode,
    weight: (i) => i.weight,
    reconcile,
  });
  const stored = async (key: string) => {
    const t = await store.map.get(storeKey(key));
    return t === undefined ? undefined : (JSON.parse(t) as Item);
  };
  return { pool, store, logs, stored };
}

/** Every counter at zero, to spell out which ones a case moves. */
const ZERO = Object.fromEntries(Object.keys(setup().pool.stats).map((k) => [k, 0]));
const keysOf = (pool: PersistedPool<Item>) => [...pool.values()].map((e) => e.state.key);

describe('PersistedPool', () => {
  it.each([
    ['one weight each, over the bound', [1, 1, 1, 1, 1], 3, ['c', 'd', 'e'], 2],
    ['weighted entries', [2, 2, 2], 4, ['b', 'c'], 1],
    ['within the bound', [1, 2], 3, ['a', 'b'], 0],
    ['the newest entry alone over the bound stays', [1, 5], 3, ['b'], 1],
  ])('keeps the most recent entries within maxWeight: %s', (_name, weights, maxWeight, kept, evicted) => {
    const { pool } = setup(maxWeight);
    const names = ['a', 'b', 'c', 'd', 'e'];
    weights.forEach((w, i) => pool.acquire(names[i]!, 0, () => item(names[i]!, 0, w)));
    expect(keysOf(pool)).toEqual(kept);
    expect(pool.weight).toBe(kept.reduce((sum, k) => sum + weights[names.indexOf(k)]!, 0));
    expect(pool.stats).toEqual({ ...ZERO, created: weights.length, evicted });
  });

  it('evicts the least recently acquired, not the oldest created', () => {
    const { pool } = setup(3);
    for (const k of ['a', 'b', 'c', 'a', 'd']) pool.acquire(k, 0, () => item(k));
    expect(keysOf(pool)).toEqual(['c', 'a', 'd']);
    expect(pool.stats).toMatchObject({ created: 4, evicted: 1 });
  });

  it('loads stored states of keys not in memory, skipping unreadable and absent ones', async () => {
    const { pool, store, logs } = setup();
    await store.set(storeKey('a'), text(item('a', 7)));
    await store.set(storeKey('b'), text(item('someone else')));
    const mine = pool.acquire('c', 1, () => item('c', 3));
    await store.set(storeKey('c'), text(item('c', 9)));
    await pool.load(['a', 'b', 'c', 'd', 'a'], 5);
    expect(pool.stats).toEqual({ ...ZERO, created: 1, loaded: 1, unreadable: 1 });
    expect(pool.acquire('a', 6, () => item('a'))).toMatchObject({ state: { clock: 7 }, dirty: false });
    expect(pool.acquire('c', 6, () => item('c'))).toBe(mine);
    expect(pool.acquire('b', 6, () => item('b'))).toMatchObject({ state: { clock: 0 }, dirty: true });
    expect(logs).toEqual([
      ['error', expect.objectContaining({ thing: 'b' }), 'test: stored thing state is unreadable; starting over'],
    ]);
  });

  it('rejects a load while the store is down and keeps nothing of it', async () => {
    const { pool, store } = setup();
    store.down = true;
    await expect(pool.load(['a'], 0)).rejects.toThrow('down');
    expect(pool.size).toBe(0);
  });

  it.each<[string, Policy, string | undefined, Item, Item | undefined, Item, Partial<PersistedPoolStats>]>([
    ['nothing stored', furtherOnAdopted, undefined, item('a', 5), item('a', 5), item('a', 5), { written: 1 }],
    [
      'a stored copy behind mine',
      furtherOnAdopted,
      text(item('a', 3)),
      item('a', 5),
      item('a', 5),
      item('a', 5),
      { written: 1 },
    ],
    [
      'a stored copy further on',
      furtherOnAdopted,
      text(item('a', 9, 1, ['theirs'])),
      item('a', 5),
      item('a', 9, 1, ['theirs']),
      item('a', 9, 1, ['theirs']),
      { adopted: 1, written: 0 },
    ],
    [
      'a stored copy merged',
      merged,
      text(item('a', 9, 1, ['theirs'])),
      item('a', 5, 1, ['mine']),
      item('a', 9, 1, ['mine', 'theirs']),
      item('a', 9, 1, ['mine', 'theirs']),
      { written: 1 },
    ],
    [
      'an unreadable stored copy',
      merged,
      '{"key":',
      item('a', 5),
      item('a', 5),
      item('a', 5),
      { written: 1, unreadable: 1 },
    ],
    ['an unread stored copy', mineWritten, '{"key":', item('a', 5), item('a', 5), item('a', 5), { written: 1 }],
  ])('writes against %s', async (_name, policy, storedText, mine, after, state, stats) => {
    const { pool, store, stored } = setup(10, policy);
    if (storedText !== undefined) await store.set(storeKey('a'), storedText);
    const entry = pool.acquire('a', 0, () => mine);
    await pool.persist(Number.NEGATIVE_INFINITY);
    expect(entry).toEqual({ state, dirty: false, lastSeen: 0 });
    if (stats.adopted) expect(await store.get(storeKey('a'))).toBe(storedText);
    else expect(await stored('a')).toEqual(after);
    expect(pool.stats).toEqual({ ...ZERO, created: 1, ...stats });
  });

  it('counts the weight of an adopted copy in place of the one it replaces', async () => {
    const { pool, store } = setup(10);
    await store.set(storeKey('a'), text(item('a', 9, 4)));
    pool.acquire('a', 0, () => item('a', 5, 1));
    pool.acquire('b', 0, () => item('b', 0, 2));
    expect(pool.weight).toBe(3);
    await pool.persist(Number.NEGATIVE_INFINITY);
    expect(pool.weight).toBe(6);
  });

  it('writes evicted changed entries on writePending, and not the unchanged ones', async () => {
    const { pool, store, stored } = setup(2);
    await store.set(storeKey('a'), text(item('a', 1)));
    await pool.load(['a'], 0);
    for (const k of ['b', 'c', 'd']) pool.acquire(k, 0, () => item(k));
    expect(pool.pendingCount).toBe(1);
    await pool.writePending();
    expect(pool.pendingCount).toBe(0);
    expect(await stored('b')).toEqual(item('b'));
    expect(await stored('c')).toBeUndefined();
    expect(pool.stats).toMatchObject({ loaded: 1, created: 3, evicted: 2, written: 1, lost: 0 });
  });

  it('takes an evicted entry back from the pending writes when it is acquired again', () => {
    const { pool } = setup(1);
    const a = pool.acquire('a', 0, () => item('a'));
    pool.acquire('b', 0, () => item('b'));
    expect(pool.acquire('a', 1, () => item('a'))).toBe(a);
    expect(pool.pendingCount).toBe(1);
    expect(pool.stats).toMatchObject({ created: 2, evicted: 2 });
  });

  it('drops the oldest pending writes beyond maxWeight as lost', async () => {
    const { pool, stored } = setup(1);
    for (const k of ['a', 'b', 'c']) pool.acquire(k, 0, () => item(k));
    expect(pool.stats).toMatchObject({ evicted: 2, lost: 1 });
    await pool.writePending();
    expect(await stored('a')).toBeUndefined();
    expect(await stored('b')).toEqual(item('b'));
  });

  it('keeps failed writes changed and pending, logs them, and writes them once the store is back', async () => {
    const { pool, store, logs, stored } = setup(1);
    pool.acquire('a', 0, () => item('a'));
    const b = pool.acquire('b', 0, () => item('b'));
    store.down = true;
    await pool.persist(Number.POSITIVE_INFINITY);
    expect(pool.stats).toMatchObject({ writeFailed: 2, written: 0, idle: 0 });
    expect([pool.pendingCount, pool.size, b.dirty]).toEqual([1, 1, true]);
    expect(logs).toContainEqual([
      'warn',
      expect.objectContaining({ thing: 'a' }),
      'test: writing thing state failed; retrying later',
    ]);
    store.down = false;
    await pool.persist(Number.NEGATIVE_INFINITY);
    expect(pool.stats).toMatchObject({ writeFailed: 2, written: 2 });
    expect([pool.pendingCount, b.dirty, await stored('a'), await stored('b')]).toEqual([
      0,
      false,
      item('a'),
      item('b'),
    ]);
  });

  it.each([
    ['idle and written', 10, 20, false, 0],
    ['seen since', 30, 20, false, 1],
    ['idle but not written (store down)', 10, 20, true, 1],
  ])('on persist drops an entry %s', async (_name, lastSeen, idleBefore, down, size) => {
    const { pool, store } = setup();
    pool.acquire('a', lastSeen, () => item('a'));
    store.down = down;
    await pool.persist(idleBefore);
    expect(pool.size).toBe(size);
    expect(pool.weight).toBe(size);
    expect(pool.stats.idle).toBe(1 - size);
  });
});
