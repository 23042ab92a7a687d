import type { Logger } from 'pino';

/**
 * Redis clients and BullMQ report every failed reconnect; one line per outage (per quiet period) is enough. The error
 * is reduced to message and code: client errors can carry connection options.
 */
export function outageLogger(logger: Logger, what: string, quietMs = 30_000): (err: Error) => void {
  let last = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < quietMs) return;
    last = now;
    logger.warn({ err: { message: err.message, code: (err as NodeJS.ErrnoException).code } }, `${what} error`);
  };
}
