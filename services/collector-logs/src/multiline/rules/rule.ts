export interface StartHint {
  readonly prefixes: readonly string[];
  readonly contains: readonly string[];
}

/** `<indent>at ...` frames (isAtFrame) start with one of these. */
export const INDENT_PREFIXES: readonly string[] = [' ', '\t'];

/** `start`/`next` verdict: the line is not part of an event of this rule. */
export const REJECT = -1;
/** `next` verdict: the line is part of the event and closes it. */
export const LAST = -2;

/**
 * A multiline rule is a small state machine over the lines of one stream. Non-negative verdicts are rule-specific
 * states meaning "the line belongs to the event". Rules run once per line, so they use character tests, not regexes.
 */
export interface MultilineRule {
  readonly name: string;
  /**
   * What every line `start` accepts has: one of `prefixes` at its start or one of `contains` anywhere (ASCII only).
   * Lines with neither are passed on without being decoded for this rule. Without a hint, every line is tried.
   */
  readonly startHint?: StartHint;
  /** The state after `line` if it may be the first line of an event, else REJECT. */
  start(line: string): number;
  /** Given the state after the previous line: the state after `line`, REJECT, or LAST. */
  next(line: string, state: number): number;
}

const TAB = 9;
const SPACE = 32;

/** Index of the first character that is not a space or a tab. */
export function indentEnd(line: string): number {
  let i = 0;
  for (;;) {
    const c = line.charCodeAt(i);
    if (c !== SPACE && c !== TAB) return i;
    i++;
  }
}

export function isIndented(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === SPACE || c === TAB;
}

/** `<indent>at <frame>`: a Java or V8 stack frame. */
export function isAtFrame(line: string): boolean {
  if (!isIndented(line)) return false;
  const i = indentEnd(line);
  return line.charCodeAt(i) === 97 && line.charCodeAt(i + 1) === 116 && line.charCodeAt(i + 2) === SPACE; // "at "
}
