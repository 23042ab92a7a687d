import { REJECT, type MultilineRule } from './rule';

const PANIC = 0;
const PANIC_BLANK = 1;
const FRAMES = 2;
const FRAMES_BLANK = 3;

/** `goroutine 1 [running]:`, `goroutine 7 gp=0xc000 m=nil [chan receive, 2 minutes]:` */
function isGoroutineHeader(line: string): boolean {
  return line.startsWith('goroutine ') && line.endsWith(']:');
}

/**
 * `main.main()`, `net/http.(*conn).serve(0xc000012345, {0x1, 0x2})`: no space before the argument list, which ends the
 * line. Or `created by main.main in goroutine 1`, `...additional frames elided...`.
 */
function isFunctionLine(line: string): boolean {
  if (line.startsWith('created by ') || line.startsWith('...additional frames elided')) return true;
  const paren = line.indexOf('(');
  if (paren <= 0 || !line.endsWith(')')) return false;
  const space = line.indexOf(' ');
  return space < 0 || space > paren;
}

/**
 * Go panics and runtime crashes: `panic: msg` / `fatal error: msg` (then `[signal ...]` or re-panic lines), a blank
 * line, `goroutine N [state]:` and its frames (function lines and `\t/path/file.go:NN +0x..` lines), further goroutines
 * after blank lines.
 */
export const goRule: MultilineRule = {
  name: 'go',
  startHint: { prefixes: ['panic: ', 'fatal error: ', 'goroutine '], contains: [] },
  start(line) {
    if (line.startsWith('panic: ') || line.startsWith('fatal error: ')) return PANIC;
    return isGoroutineHeader(line) ? FRAMES : REJECT;
  },
  next(line, state) {
    switch (state) {
      case PANIC:
        if (line.length === 0) return PANIC_BLANK;
        if (line.startsWith('[signal ') || line.startsWith('\tpanic: ') || line.startsWith('panic: ')) return PANIC;
        return isGoroutineHeader(line) ? FRAMES : REJECT;
      case PANIC_BLANK:
      case FRAMES_BLANK:
        return isGoroutineHeader(line) ? FRAMES : REJECT;
      case FRAMES:
        if (line.length === 0) return FRAMES_BLANK;
        return line.charCodeAt(0) === 9 || isFunctionLine(line) ? FRAMES : REJECT;
      default:
        return REJECT;
    }
  },
};
