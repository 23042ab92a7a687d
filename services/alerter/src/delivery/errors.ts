import { UnrecoverableError } from 'bullmq';

/** What the receiver answered (or why it could not answer), kept on the job for the operator. */
export interface ReceiverResponse {
  status?: number;
  /** The start of the response body. */
  body?: string;
  /** Network error or timeout, when there was no response. */
  error?: string;
  at: string;
}

function describe(destination: string, response: ReceiverResponse): string {
  if (response.status === undefined) return `${destination}: ${response.error ?? 'no response'}`;
  const body = response.body ? `: ${response.body.slice(0, 500)}` : '';
  return `${destination} answered HTTP ${response.status}${body}`;
}

/** The receiver refused the alert (4xx other than 429): retrying the same request cannot succeed. */
export class DeliveryRejectedError extends UnrecoverableError {
  constructor(
    readonly destination: string,
    readonly response: ReceiverResponse,
  ) {
    super(describe(destination, response));
    // BullMQ recognises unrecoverable errors by class or by this name.
    this.name = 'UnrecoverableError';
  }
}

/** A 5xx, 429, timeout or network error: worth another attempt after a backoff (or the receiver's Retry-After). */
export class DeliveryRetryableError extends Error {
  override name = 'DeliveryRetryableError';
  constructor(
    readonly destination: string,
    readonly response: ReceiverResponse,
    readonly retryAfterMs?: number,
  ) {
    super(describe(destination, response));
  }
}
