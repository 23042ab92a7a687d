import { RetryAbortedError } from '../retry/backoff';
import { ElasticsearchUnavailableError, writeWithRetry } from './retry';
import type { WriteResult } from './write-result';

const ok: WriteResult = { outcome: 'success', duplicate: false };
const dup: WriteResult = { outcome: 'success', duplicate: true };
const busy: WriteResult = {
  outcome: 'retryable',
  status: 429,
  errorType: 'es_rejected_execution_exception',
  reason: '',
};
const bad: WriteResult = { outcome: 'failure', status: 400, errorType: 'document_parsing_exception', reason: 'x' };

describe('writeWithRetry', () => {
  const fast = { initialMs: 1, maxMs: 2, maxElapsedMs: 10_000 };

  it('sends again only the retryable items until all are settled', async () => {
    const calls: string[][] = [];
    // a: stored; b: busy once; c: refused; d: busy twice, then already stored.
    const plan: Record<string, WriteResult[]> = { a: [ok], b: [busy, ok], c: [bad], d: [busy, busy, dup] };
    const retried: number[] = [];
    const results = await writeWithRetry(
      (items: readonly string[]) => {
        calls.push([...items]);
        return Promise.resolve(items.map((id) => plan[id]!.shift()!));
      },
      ['a', 'b', 'c', 'd'],
      fast,
      { onRetry: (r) => retried.push(r.length) },
    );
    expect(calls).toEqual([['a', 'b', 'c', 'd'], ['b', 'd'], ['d']]);
    expect(results).toEqual([ok, ok, bad, dup]);
    expect(retried).toEqual([2, 1]);
  });

  it('gives up with ElasticsearchUnavailableError when the budget runs out', async () => {
    let clock = 0;
    let calls = 0;
    const attempt = writeWithRetry(
      (items: readonly string[]) => {
        calls++;
        clock += 1000;
        return Promise.resolve(items.map(() => busy));
      },
      ['a', 'b'],
      { initialMs: 1, maxMs: 1, maxElapsedMs: 2500 },
      { now: () => clock },
    );
    await expect(attempt).rejects.toThrow(ElasticsearchUnavailableError);
    await expect(attempt).rejects.toMatchObject({ unstored: 2 });
    expect(calls).toBe(3);
  });

  it('stops waiting when aborted, after the attempt under way', async () => {
    const abort = new AbortController();
    let calls = 0;
    const attempt = writeWithRetry(
      (items: readonly string[]) => {
        calls++;
        abort.abort();
        return Promise.resolve(items.map(() => busy));
      },
      ['a'],
      { initialMs: 60_000, maxMs: 60_000, maxElapsedMs: 600_000 },
      { signal: abort.signal },
    );
    await expect(attempt).rejects.toBeInstanceOf(RetryAbortedError);
    expect(calls).toBe(1);
  });
});
