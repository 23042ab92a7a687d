import { BulkBatcher, type BatchingOptions } from './bulk-batcher';
import type { BulkItem } from './bulk-encoder';
import type { WriteResult } from './write-result';

const item = (id: string, bytes = 10): BulkItem => ({ index: 'i', id, payload: '', bytes, ref: id });
const ok: WriteResult = { outcome: 'success', duplicate: false };

/** Records the batches it is asked to send; each id's result says which batch carried it. */
function recorder(hold = false) {
  const batches: string[][] = [];
  const releases: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (items: readonly BulkItem[]): Promise<WriteResult[]> => {
    batches.push(items.map((i) => i.id));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (hold) await new Promise<void>((resolve) => releases.push(resolve));
    inFlight--;
    return items.map(() => ok);
  };
  return { send, batches, releases, maxInFlight: () => maxInFlight };
}

const options = (o: Partial<BatchingOptions> = {}): BatchingOptions => ({
  maxDocs: 3,
  maxBytes: 1000,
  flushIntervalMs: 0,
  maxConcurrentRequests: 4,
  ...o,
});

describe('BulkBatcher', () => {
  it('cuts by count and resolves each submit with its own results in order', async () => {
    const r = recorder();
    const batcher = new BulkBatcher(r.send, options());
    const results = await batcher.submit(['a', 'b', 'c', 'd', 'e'].map((id) => item(id)));
    expect(r.batches).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(results).toHaveLength(5);
  });

  it('cuts by bytes', async () => {
    const r = recorder();
    const batcher = new BulkBatcher(r.send, options({ maxDocs: 100, maxBytes: 25 }));
    await batcher.submit([item('a'), item('b'), item('c'), item('d', 30)]);
    expect(r.batches).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('merges concurrent submits into one request within the flush interval', async () => {
    const r = recorder();
    const batcher = new BulkBatcher(r.send, options({ maxDocs: 10, flushIntervalMs: 20 }));
    const [first, second] = await Promise.all([batcher.submit([item('a'), item('b')]), batcher.submit([item('c')])]);
    expect(r.batches).toEqual([['a', 'b', 'c']]);
    expect([first.length, second.length]).toEqual([2, 1]);
  });

  it('keeps at most maxConcurrentRequests requests in flight', async () => {
    const r = recorder(true);
    const batcher = new BulkBatcher(r.send, options({ maxDocs: 1, maxConcurrentRequests: 2 }));
    const done = batcher.submit(['a', 'b', 'c', 'd'].map((id) => item(id)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([['a'], ['b']]);
    while (r.batches.length < 4 || r.releases.length > 0) {
      r.releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    expect(r.maxInFlight()).toBe(2);
  });

  it('turns a send that throws into retryable results instead of losing the items', async () => {
    const batcher = new BulkBatcher(() => Promise.reject(new Error('bug')), options());
    await expect(batcher.submit([item('a')])).resolves.toEqual([
      { outcome: 'retryable', status: undefined, errorType: 'send_failed', reason: 'bug' },
    ]);
  });
});
