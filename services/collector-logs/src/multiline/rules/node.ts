import { INDENT_PREFIXES, LAST, REJECT, indentEnd, isAtFrame, isIndented, type MultilineRule } from './rule';

const HEAD = 0;
const FRAMES = 1;
/** Inside the `{ code: 'E...', [cause]: ... }` block util.inspect prints after the frames of an error with properties. */
const PROPERTIES = 2;

/**
 * Node.js (V8) stack traces: an `Error: msg` / `TypeError: msg` line followed by `    at ...` frames, optionally a
 * properties block opened by ` {` at the end of the last frame and closed by a lone `}`.
 */
export const nodeRule: MultilineRule = {
  name: 'node',
  startHint: { prefixes: INDENT_PREFIXES, contains: ['Error'] },
  start(line) {
    if (isAtFrame(line)) return FRAMES;
    return line.includes('Error') ? HEAD : REJECT;
  },
  next(line, state) {
    if (state === PROPERTIES) {
      if (line === '}') return LAST;
      return isIndented(line) ? PROPERTIES : REJECT;
    }
    if (isAtFrame(line)) return line.endsWith(' {') ? PROPERTIES : FRAMES;
    // "    ... 7 lines matching cause stack trace ..."
    if (state === FRAMES && isIndented(line) && line.startsWith('... ', indentEnd(line))) return FRAMES;
    return REJECT;
  },
};
