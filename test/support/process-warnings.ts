import { runInThisContext } from 'node:vm';

/**
 * Collects the warnings Node emits in this process (MaxListenersExceededWarning and the like) until `stop()`. Jest
 * gives each test file its own copy of `process`, on which Node never emits them: this listens on Node's own.
 */
export function collectProcessWarnings(): { warnings: Error[]; stop: () => void } {
  const host = runInThisContext('process') as NodeJS.Process;
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => void warnings.push(warning);
  host.on('warning', onWarning);
  return { warnings, stop: () => void host.off('warning', onWarning) };
}
