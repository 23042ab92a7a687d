import { backoffDelayMs, sleep, type BackoffPolicy } from '../retry/backoff';
import type { RetryableResult, WriteResult } from './write-result';

export interface RetryPolicy extends BackoffPolicy {
  /**
   * How long one call keeps retrying before it gives up with ElasticsearchUnavailableError. The consumer then pauses
   * the partition and fetches the same records again later: nothing is committed, nothing is held in memory meanwhile.
   */
  maxElapsedMs: number;
}

/** Some documents could not be stored within the retry budget: the batch must not be committed. */
export class ElasticsearchUnavailableError extends Error {
  override name = 'ElasticsearchUnavailableError';
  constructor(
    readonly unstored: number,
    readonly lastError: { status: number | undefined; errorType: string; reason: string },
  ) {
    super(
      `${unstored} document(s) not stored after retrying: ${lastError.errorType}${
        lastError.status === undefined ? '' : ` (${lastError.status})`
      }: ${lastError.reason}`,
    );
  }
}

export type SettledResult = Exclude<WriteResult, RetryableResult>;

export interface WriteWithRetryOptions {
  signal?: AbortSignal | undefined;
  /** Called with the items about to be sent again. */
  onRetry?: (retryable: readonly RetryableResult[]) => void;
  random?: () => number;
  now?: () => number;
}

/**
 * Writes `items` through `submit`, sending only the retryable ones again, with backoff, until every item is settled
 * (success or failure). Throws ElasticsearchUnavailableError when the budget runs out and RetryAbortedError when
 * `signal` aborts a wait; an attempt already under way is always awaited.
 */
export async function writeWithRetry<I>(
  submit: (items: readonly I[]) => Promise<WriteResult[]>,
  items: readonly I[],
  policy: RetryPolicy,
  options: WriteWithRetryOptions = {},
): Promise<SettledResult[]> {
  const now = options.now ?? Date.now;
  const started = now();
  const settled = new Array<SettledResult>(items.length);
  let open = items.map((_, i) => i);
  for (let attempt = 1; ; attempt++) {
    const results = await submit(open.map((i) => items[i]!));
    const again: number[] = [];
    const retryable: RetryableResult[] = [];
    open.forEach((index, k) => {
      const result = results[k];
      if (result === undefined || result.outcome === 'retryable') {
        again.push(index);
        retryable.push(result ?? { outcome: 'retryable', status: undefined, errorType: 'missing_result', reason: '' });
      } else {
        settled[index] = result;
      }
    });
    if (again.length === 0) return settled;
    const last = retryable[retryable.length - 1]!;
    const delay = backoffDelayMs(policy, attempt, options.random);
    if (now() - started + delay > policy.maxElapsedMs) throw new ElasticsearchUnavailableError(again.length, last);
    await sleep(delay, options.signal);
    options.onRetry?.(retryable);
    open = again;
  }
}
