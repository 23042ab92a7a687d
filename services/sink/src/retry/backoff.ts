/** Exponential backoff with jitter, shared by the sink's writers (Elasticsearch bulk, remote write). */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential up to `maxMs`, with "equal jitter" — a
 * random point in the upper half of the step — so sinks that failed together do not come back in lockstep, yet every
 * wait is at least half the step.
 */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const step = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (r * step) / 2);
}

/** Waiting was cut short because the owner is stopping. */
export class RetryAbortedError extends Error {
  override name = 'RetryAbortedError';
}

/** Resolves after `ms`, or rejects with RetryAbortedError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new RetryAbortedError('stopping'));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RetryAbortedError('stopping'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The wait an HTTP `Retry-After` header asks for (delay-seconds or an HTTP-date), in ms; undefined when the header is
 * absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfterMs(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - now);
}
