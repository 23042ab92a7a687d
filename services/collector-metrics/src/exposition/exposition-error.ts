import type { ExpositionFormat } from './types';

/**
 * The scraped body is not a valid exposition. The whole scrape fails with `reason` (and `up` = 0), as in Prometheus:
 * a partially understood body is not trusted.
 */
export class ExpositionError extends Error {
  override name = 'ExpositionError';

  constructor(
    readonly format: ExpositionFormat,
    /** 1-based line number in the body. */
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${format === 'text' ? 'text format' : 'OpenMetrics'} line ${line}: ${reason}`);
  }
}
