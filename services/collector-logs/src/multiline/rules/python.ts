import { REJECT, isIndented, type MultilineRule } from './rule';

const FRAMES = 0;
const AFTER_EXCEPTION = 1;
const AFTER_EXCEPTION_BLANK = 2;
const CHAINED = 3;

const TRACEBACK = 'Traceback (most recent call last):';
const CHAIN_HEADERS = [
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
];

/**
 * Python tracebacks: `Traceback (most recent call last):`, indented `  File "...", line N, in f` lines with their
 * source and caret lines, then the unindented `XxxError: msg` line. Chained exceptions (a blank line, "During handling
 * of the above exception...", a blank line, the next traceback) stay in the same event.
 */
export const pythonRule: MultilineRule = {
  name: 'python',
  startHint: { prefixes: [TRACEBACK], contains: [] },
  start(line) {
    return line.startsWith(TRACEBACK) ? FRAMES : REJECT;
  },
  next(line, state) {
    switch (state) {
      case FRAMES:
        if (isIndented(line)) return FRAMES;
        return line.length === 0 ? REJECT : AFTER_EXCEPTION;
      case AFTER_EXCEPTION:
        return line.length === 0 ? AFTER_EXCEPTION_BLANK : REJECT;
      case AFTER_EXCEPTION_BLANK:
        return CHAIN_HEADERS.includes(line) ? CHAINED : REJECT;
      case CHAINED:
        if (line.length === 0) return CHAINED;
        return line.startsWith(TRACEBACK) ? FRAMES : REJECT;
      default:
        return REJECT;
    }
  },
};
