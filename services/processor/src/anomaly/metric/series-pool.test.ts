import { SeriesDetectorPool, SeriesPoolError, seriesId } from './series-pool';

const cpu = (pod: string) => ({ name: 'cpu_seconds', labels: { pod, namespace: 'shop' } });

describe('seriesId', () => {
  it.each([
    [{ name: 'up', labels: {} }, 'up{}'],
    [{ name: 'up', labels: { b: '2', a: '1' } }, 'up{a="1",b="2"}'],
    [{ name: 'up', labels: { a: 'x"y' } }, 'up{a="x\\"y"}'],
  ])('is canonical for %j', (series, id) => {
    expect(seriesId(series)).toBe(id);
  });
});

describe('SeriesDetectorPool', () => {
  it('keeps one detector per series and evicts the least recently updated beyond the limit', () => {
    const pool = new SeriesDetectorPool({ maxSeries: 2 });
    pool.update(cpu('a'), 1, 1);
    pool.update(cpu('b'), 1, 1);
    pool.update(cpu('a'), 2, 1);
    pool.update(cpu('c'), 1, 1);
    expect(pool.size).toBe(2);
    expect(pool.evicted).toBe(1);
    expect(pool.has(cpu('a'))).toBe(true);
    expect(pool.has(cpu('b'))).toBe(false);
    expect(pool.has(cpu('c'))).toBe(true);
  });

  it('treats label order as the same series', () => {
    const pool = new SeriesDetectorPool({ maxSeries: 10 });
    pool.update({ name: 'm', labels: { a: '1', b: '2' } }, 1, 1);
    pool.update({ name: 'm', labels: { b: '2', a: '1' } }, 2, 1);
    expect(pool.size).toBe(1);
  });

  it('restores from JSON with the same detections and eviction count', () => {
    const pool = new SeriesDetectorPool({ maxSeries: 3, detector: { warmup: 10 } });
    for (let i = 0; i < 300; i++) for (const p of ['a', 'b', 'c', 'd']) pool.update(cpu(p), i * 1000, Math.sin(i / 5));
    const restored = SeriesDetectorPool.fromJSON(JSON.parse(JSON.stringify(pool)), { maxSeries: 3 });
    expect(restored.evicted).toBe(pool.evicted);
    expect(restored.size).toBe(3);
    expect(restored.update(cpu('d'), 300_000, 9)).toEqual(pool.update(cpu('d'), 300_000, 9));
  });

  it('evicts on restore when the limit shrank', () => {
    const pool = new SeriesDetectorPool({ maxSeries: 3 });
    for (const p of ['a', 'b', 'c']) pool.update(cpu(p), 1, 1);
    const restored = SeriesDetectorPool.fromJSON(pool.toJSON(), { maxSeries: 1 });
    expect(restored.size).toBe(1);
    expect(restored.has(cpu('c'))).toBe(true);
    expect(restored.evicted).toBe(2);
  });

  it.each([
    ['maxSeries 0', () => new SeriesDetectorPool({ maxSeries: 0 })],
    ['a saved pool of the wrong shape', () => SeriesDetectorPool.fromJSON({ version: 1 }, { maxSeries: 1 })],
  ])('rejects %s', (_name, make) => {
    expect(make).toThrow(SeriesPoolError);
  });
});
