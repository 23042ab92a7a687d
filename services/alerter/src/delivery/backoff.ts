import { DeliveryRetryableError } from './errors';

/** The BullMQ backoff type of delivery jobs; the worker's backoffStrategy computes it. */
export const DELIVERY_BACKOFF_TYPE = 'daytwo-jitter';

export interface BackoffSettings {
  backoffMs: number;
  maxBackoffMs: number;
}

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of min(max, base·2^(n-1)), so
 * retries of many alerts after one outage spread out instead of arriving together.
 */
export function backoffDelay(attemptsMade: number, settings: BackoffSettings, random: () => number = Math.random) {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 30);
  const ceiling = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** exponent);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/** Delay before the next attempt: the receiver's Retry-After when it gave one (plus up to 10% jitter), else backoff. */
export function retryDelay(
  attemptsMade: number,
  err: unknown,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  if (err instanceof DeliveryRetryableError && err.retryAfterMs !== undefined) {
    return err.retryAfterMs + Math.floor(random() * Math.min(1_000, err.retryAfterMs * 0.1));
  }
  return backoffDelay(attemptsMade, settings, random);
}
