import { RowBufferPool } from './row-buffer-pool';
import { LogRowWriter } from './log-row-writer';
import type { LogRowsCommon } from './log-rows';

describe('RowBufferPool', () => {
  it.each([
    // free buffers given back (sizes), cap, bytes wanted, expected: index of the buffer handed out, or 'new'
    [[100, 200], 1000, 150, 1],
    [[200, 100], 1000, 150, 0],
    [[200, 300], 1000, 150, 1],
    [[100], 1000, 150, 'new'],
    [[], 1000, 1, 'new'],
    [[100, 200], 250, 150, 'new'],
  ])('given back %j (cap %i), a take of %i gets %s', (sizes, cap, wanted, expected) => {
    const pool = new RowBufferPool(cap);
    const given = sizes.map((n) => Buffer.alloc(n));
    for (const buffer of given) pool.give(buffer);
    const taken = pool.take(wanted);
    expect(taken.length).toBeGreaterThanOrEqual(wanted);
    if (expected === 'new') expect(given).not.toContain(taken);
    else expect(taken).toBe(given[expected as number]);
  });

  it('allocates with room to spare, and drops the oldest free buffer when none fits', () => {
    const pool = new RowBufferPool(1000);
    pool.give(Buffer.alloc(100));
    pool.give(Buffer.alloc(120));
    expect(pool.take(150, 200)).toHaveLength(200);
    expect(pool.pooledBytes).toBe(120);
  });
});

describe('LogRowWriter with a pool', () => {
  const common: LogRowsCommon = { schema_version: 1, log: { file: { path: '/p/0.log' } } };
  const write = (writer: LogRowWriter, id: string) =>
    writer.append({ id, offset: 0, timestamp: '2024-01-01T00:00:00Z', message: 'm'.repeat(100) });

  it('writes into the buffer of released rows, and never into that of rows not released', () => {
    const pool = new RowBufferPool(1 << 20);
    const writer = new LogRowWriter(common, { initialBytes: 8192, pool });
    write(writer, 'a');
    const first = writer.take();
    write(writer, 'b');
    const second = writer.take();
    const before = [...second];
    first.release();
    first.release();
    expect(pool.pooledBytes).toBe(first.buffer.length);
    write(writer, 'c');
    const third = writer.take();
    expect(third.buffer).toBe(first.buffer);
    expect([...third].map((r) => r.event.id)).toEqual(['c']);
    expect([...second]).toEqual(before);
  });

  it('sizes a new buffer after the rows taken last, with a quarter to spare', () => {
    const writer = new LogRowWriter(common, { initialBytes: 64 });
    for (let i = 0; i < 50; i++) write(writer, `r${i}`);
    const rows = writer.take();
    const bytes = rows.rowEnd(rows.length - 1);
    write(writer, 'next');
    expect(writer.take().buffer).toHaveLength(bytes + (bytes >> 2));
  });

  it('takes a buffer from the pool only when a row comes', () => {
    const pool = new RowBufferPool(1 << 20);
    const writer = new LogRowWriter(common, { initialBytes: 8192, pool });
    write(writer, 'a');
    const rows = writer.take();
    rows.release();
    expect(pool.pooledBytes).toBe(8192);
    write(writer, 'b');
    expect(pool.pooledBytes).toBe(0);
  });
});
