import { backoffDelayMs, parseRetryAfterMs, RetryAbortedError, sleep } from './backoff';

const policy = { initialMs: 100, maxMs: 1000 };

describe('backoffDelayMs', () => {
  it.each([
    [1, 50, 100],
    [2, 100, 200],
    [3, 200, 400],
    [4, 400, 800],
    [5, 500, 1000],
    [40, 500, 1000],
    [0, 50, 100],
  ])('retry %i waits between %i and %i ms', (attempt, low, high) => {
    expect(backoffDelayMs(policy, attempt, () => 0)).toBe(low);
    expect(backoffDelayMs(policy, attempt, () => 1)).toBe(high);
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelayMs(policy, attempt);
      expect(delay).toBeGreaterThanOrEqual(low);
      expect(delay).toBeLessThanOrEqual(high);
    }
  });

  it('spreads retries: random draws give different delays', () => {
    const delays = new Set(Array.from({ length: 20 }, (_, i) => backoffDelayMs(policy, 4, () => i / 20)));
    expect(delays.size).toBe(20);
  });
});

describe('sleep', () => {
  it('rejects at once when the signal aborts', async () => {
    const abort = new AbortController();
    const waiting = sleep(60_000, abort.signal);
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(RetryAbortedError);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [undefined, undefined],
    ['3', 3000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    ['1.5', undefined],
  ])('reads %p as %p ms', (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
});
