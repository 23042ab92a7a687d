import { INDENT_PREFIXES, REJECT, indentEnd, isAtFrame, isIndented, type MultilineRule } from './rule';

const HEAD = 0;
const FRAMES = 1;

/** `... 12 more` and Logback's `... 12 common frames omitted`, after an indent. */
function isElidedFrames(line: string, at: number): boolean {
  return line.startsWith('... ', at) && (line.endsWith(' more') || line.endsWith(' frames omitted'));
}

/**
 * Java stack traces: a line naming an exception (`java.lang.IllegalStateException: msg`, `Exception in thread "main"
 * ...`) followed by `\tat ...` frames, `Caused by: ...` / `Suppressed: ...` headers and `\t... N more` lines. A
 * headless run of frames (its header went out alone) is still merged with itself.
 */
export const javaRule: MultilineRule = {
  name: 'java',
  startHint: { prefixes: INDENT_PREFIXES, contains: ['Exception', 'Error', 'Throwable'] },
  start(line) {
    if (isAtFrame(line)) return FRAMES;
    return line.includes('Exception') || line.includes('Error') || line.includes('Throwable') ? HEAD : REJECT;
  },
  next(line) {
    if (isIndented(line)) {
      if (isAtFrame(line)) return FRAMES;
      const at = indentEnd(line);
      if (isElidedFrames(line, at) || line.startsWith('Caused by: ', at) || line.startsWith('Suppressed: ', at)) {
        return FRAMES;
      }
      return REJECT;
    }
    return line.startsWith('Caused by: ') ? FRAMES : REJECT;
  },
};
