import { INDENT_PREFIXES, REJECT, indentEnd, isAtFrame, isIndented, type MultilineRule } from './rule';

/** A line that may carry an exception on the next lines: it names one, or has a level Java loggers print with one. */
const LOG = 0;
/** An exception header: its frames follow; another exception header would be another event. */
const HEAD = 1;
const FRAMES = 2;

const LOG_WORDS = ['Exception', 'Error', 'Throwable', 'ERROR', 'WARN', 'FATAL', 'SEVERE'];

/** `java.lang.IllegalStateException: msg`, `com.example.Outer$BadError`; the name is qualified. */
const QUALIFIED_EXCEPTION = /^(?:[A-Za-z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable)(?::.*)?$/;

function isExceptionHeader(line: string): boolean {
  return line.startsWith('Exception in thread "') || QUALIFIED_EXCEPTION.test(line);
}

/** `... 12 more` and Logback's `... 12 common frames omitted`, after an indent. */
function isElidedFrames(line: string, at: number): boolean {
  return line.startsWith('... ', at) && (line.endsWith(' more') || line.endsWith(' frames omitted'));
}

/** Frames, `Caused by: ...` / `Suppressed: ...` headers and `... N more` lines. */
function isTraceBody(line: string): boolean {
  if (!isIndented(line)) return line.startsWith('Caused by: ');
  if (isAtFrame(line)) return true;
  const at = indentEnd(line);
  return isElidedFrames(line, at) || line.startsWith('Caused by: ', at) || line.startsWith('Suppressed: ', at);
}

/**
 * Java stack traces: a line naming an exception (`java.lang.IllegalStateException: msg`, `Exception in thread "main"
 * ...`) followed by `\tat ...` frames, `Caused by: ...` / `Suppressed: ...` headers and `\t... N more` lines. The log
 * line a logger printed the exception with (Spring, Logback: `... ERROR ... : request failed`) heads the event when the
 * trace follows it directly; only lines with a level that usually carries one (or naming an exception) are held back
 * for this, so an INFO line followed by a trace stays apart. A headless run of frames (its header went out alone) is
 * still merged with itself.
 */
export const javaRule: MultilineRule = {
  name: 'java',
  startHint: { prefixes: INDENT_PREFIXES, contains: LOG_WORDS },
  start(line) {
    if (isAtFrame(line)) return FRAMES;
    if (isExceptionHeader(line)) return HEAD;
    return LOG_WORDS.some((word) => line.includes(word)) ? LOG : REJECT;
  },
  next(line, state) {
    if (isTraceBody(line)) return FRAMES;
    return state === LOG && isExceptionHeader(line) ? HEAD : REJECT;
  },
};
