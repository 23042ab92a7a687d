/** How a receiver's answer is handled. */
export type ResponseClass =
  | { kind: 'delivered' }
  | { kind: 'retry'; retryAfterMs?: number }
  /** 4xx other than 429, and redirects (a moved endpoint is a configuration problem). */
  | { kind: 'rejected' };

/** Retry-After is capped: a receiver asking for a day would otherwise park the alert past any use. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** `Retry-After` as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS);
}

export function classifyResponse(status: number, retryAfter: string | undefined, now: number): ResponseClass {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return retryAfterMs === undefined ? { kind: 'retry' } : { kind: 'retry', retryAfterMs };
  }
  if (status >= 500) return { kind: 'retry' };
  return { kind: 'rejected' };
}
