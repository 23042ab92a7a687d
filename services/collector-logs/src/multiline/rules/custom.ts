import { REJECT, type MultilineRule } from './rule';

const IN_EVENT = 0;

/**
 * A rule from configuration: a line matching `start` opens an event, following lines matching `continue` join it.
 * The patterns are compiled without the `g`/`y` flags, so `test` keeps no state between lines.
 */
export function createCustomRule(name: string, start: string, continuation: string): MultilineRule {
  const startPattern = new RegExp(start);
  const continuePattern = new RegExp(continuation);
  return {
    name,
    start: (line) => (startPattern.test(line) ? IN_EVENT : REJECT),
    next: (line) => (continuePattern.test(line) ? IN_EVENT : REJECT),
  };
}
