/** Why a scrape failed; the `reason` label of `daytwo_scrape_failures_total`. */
export type ScrapeFailureReason =
  'timeout' | 'connection' | 'http_status' | 'body_size_limit' | 'decompression' | 'parse' | 'auth_file';

/** A scrape failed: the target is down (`up` = 0) for this scrape, and its series are marked stale. */
export class ScrapeError extends Error {
  override name = 'ScrapeError';
  constructor(
    readonly reason: ScrapeFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
