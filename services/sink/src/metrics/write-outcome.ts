import { backoffDelayMs, parseRetryAfterMs, type BackoffPolicy } from '../retry/backoff';

/** What came back for one HTTP request: an answer, or none (connection refused, reset, timed out...). */
export type HttpAnswer =
  | { kind: 'answer'; status: number; body: string; retryAfter?: string | undefined }
  | {
      kind: 'no-answer';
      error: Error;
      /** The request body was handed to the connection: the server may have applied it. */
      sent: boolean;
    };

export type RemoteWriteOutcome =
  | { outcome: 'success'; status: number }
  | {
      outcome: 'retryable';
      /** HTTP status, or `network_error`. */
      status: string;
      reason: string;
      retryAfterMs?: number | undefined;
      /** The request may have been applied although no success came back. */
      uncertain: boolean;
    }
  | { outcome: 'failure'; status: number; reason: string };

/** Longest part of an error body kept as the reason (dead-letter entries, logs). */
export const MAX_REASON_CHARS = 1024;

function reasonOf(body: string, status: number): string {
  const text = body.trim();
  return text === '' ? `HTTP ${status}` : text.slice(0, MAX_REASON_CHARS);
}

/**
 * Remote-write 1.0 semantics: 2xx stored; 429 and 5xx may be retried; any other status will fail again the same way.
 * A 504 comes from a gateway that may have passed the request on, so it is uncertain like a lost answer.
 */
export function classifyAnswer(answer: HttpAnswer, now: number = Date.now()): RemoteWriteOutcome {
  if (answer.kind === 'no-answer') {
    return { outcome: 'retryable', status: 'network_error', reason: answer.error.message, uncertain: answer.sent };
  }
  const { status, body } = answer;
  if (status >= 200 && status < 300) return { outcome: 'success', status };
  if (status === 429 || status >= 500) {
    return {
      outcome: 'retryable',
      status: String(status),
      reason: reasonOf(body, status),
      retryAfterMs: parseRetryAfterMs(answer.retryAfter, now),
      uncertain: status === 504,
    };
  }
  return { outcome: 'failure', status, reason: reasonOf(body, status) };
}

export interface RetryDelayPolicy extends BackoffPolicy {
  maxRetryAfterMs: number;
}

/** The wait before retry `attempt`: the server's Retry-After when it gave one (capped), else backoff with jitter. */
export function retryDelayMs(
  retryAfterMs: number | undefined,
  policy: RetryDelayPolicy,
  attempt: number,
  random?: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelayMs(policy, attempt, random);
}

/** Statuses where a smaller request can succeed: 400 (one bad sample rolls back the request) and 413. */
export function isSplittable(status: number): boolean {
  return status === 400 || status === 413;
}
