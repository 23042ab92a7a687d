import type { Logger } from 'pino';

/**
 * kafkajs (2.2) arms its throttle timer with `throttledUntil - Date.now()` while `throttledUntil` is still -1, a
 * negative delay Node 24 clamps to 1 ms and reports as a TimeoutNegativeWarning in every process that talks to Kafka.
 * The timer behaves as intended; the warning is noise in the service's output.
 */
export function isKnownHarmlessWarning(warning: Error): boolean {
  return warning.name === 'TimeoutNegativeWarning' && /kafkajs[\\/]/.test(warning.stack ?? '');
}

/** The listener routeProcessWarnings installed per process: a second call replaces it rather than adding one. */
const routed = new WeakMap<
  NodeJS.Process,
  { listener: (warning: Error) => void; defaults: ((...args: unknown[]) => void)[] }
>();

/**
 * Process warnings as structured log lines (level warn) instead of Node's plain stderr text, without the known
 * harmless ones. Replaces Node's default printer (or the previous call's logger); returns a function that puts the
 * listeners back.
 */
export function routeProcessWarnings(logger: Logger, proc: NodeJS.Process = process): () => void {
  const previous = routed.get(proc);
  if (previous !== undefined) proc.removeListener('warning', previous.listener);
  const defaults = previous?.defaults ?? (proc.listeners('warning') as ((...args: unknown[]) => void)[]);
  proc.removeAllListeners('warning');
  const onWarning = (warning: Error) => {
    if (isKnownHarmlessWarning(warning)) return;
    logger.warn({ warning: { name: warning.name, message: warning.message } }, 'process warning');
  };
  proc.on('warning', onWarning);
  routed.set(proc, { listener: onWarning, defaults });
  return () => {
    proc.removeListener('warning', onWarning);
    routed.delete(proc);
    for (const listener of defaults) proc.on('warning', listener);
  };
}

/**
 * For command-line programs, which print warnings as Node does: Node's printing stays, without the known harmless
 * warnings. Call once, at start.
 */
export function dropKnownHarmlessWarnings(proc: NodeJS.Process = process): void {
  const defaults = proc.listeners('warning') as ((warning: Error) => void)[];
  proc.removeAllListeners('warning');
  proc.on('warning', (warning: Error) => {
    if (isKnownHarmlessWarning(warning)) return;
    for (const listener of defaults) listener(warning);
  });
}
