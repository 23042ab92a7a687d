import type { Logger } from 'pino';
import type { ScrapeError } from './scrape-error';

/**
 * Logs scrape failures without flooding: a target's failure is logged at warn when it starts, when its reason changes
 * and at most once per `everyMs` while it lasts; the repeats in between go to debug.
 */
export class FailureLog {
  private readonly last = new Map<string, { reason: string; at: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly everyMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  failed(target: string, url: string, err: ScrapeError): void {
    const previous = this.last.get(target);
    const now = this.now();
    const fields = { target: url, reason: err.reason, error: err.message };
    if (previous && previous.reason === err.reason && now - previous.at < this.everyMs) {
      this.logger.debug(fields, 'scrape failed');
      return;
    }
    this.last.set(target, { reason: err.reason, at: now });
    this.logger.warn(fields, 'scrape failed');
  }

  succeeded(target: string, url: string): void {
    if (this.last.delete(target)) this.logger.info({ target: url }, 'target is up again');
  }

  forget(target: string): void {
    this.last.delete(target);
  }
}
