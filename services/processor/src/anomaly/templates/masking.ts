/** The token that stands for a variable part of a message, in masked tokens and in templates. */
export const WILDCARD = '<*>';

/** A source-specific mask: every match of `pattern` (compiled with the `g` flag) becomes `<*>` before tokenizing. */
export interface MaskPattern {
  readonly pattern: string;
  readonly flags?: string;
}

const W = WILDCARD;
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*';
const CLOCK = '\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?';

/**
 * Masks that can span whitespace, applied to the whole message before it is split into tokens: a timestamp, a size
 * or a duration written with a space ("Jul  9 22:53:22 2005", "1.16 KB", "<1 sec") is one variable, so that the
 * token count of a message does not depend on how a value happened to be written.
 */
const SPANNING_MASKS: readonly RegExp[] = [
  new RegExp(
    `\\b(?:${WEEKDAY},?\\s+)?${MONTH}\\s+\\d{1,2},?\\s+(?:\\d{4}\\s+)?${CLOCK}(?:\\s+[A-Z]{3,4})?(?:\\s+\\d{4})?\\b`,
    'g',
  ),
  new RegExp(`\\b\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?:[T ]${CLOCK})?(?:Z|[+-]\\d{2}:?\\d{2})?`, 'g'),
  /[<>~]?\b\d+(?:\.\d+)?\s+(?:[KMGTP]i?B|[kKMGTP]b|B|bytes?)\b/g,
  /[<>~]?\b\d+(?:\.\d+)?\s+(?:ns|us|µs|ms|msecs?|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?)\b/g,
  new RegExp(`(?<![\\w:.])${CLOCK}(?![\\w:])`, 'g'),
];

const URL_OR_PATH = /^[("'[<]*(?:[A-Za-z][\w+.-]*:\/\/\S*|(?:[A-Za-z]:)?[\\/][^\\/\s]*[\w.~-][^\s]*)$/;
const ENDPOINT = /^[("'[<]*(?:(?:[\w-]+\.)+[A-Za-z][\w-]*|(?:\d{1,3}\.){3}\d{1,3}):\d{1,5}[)"'\]>,;.]*$/;
const IPV6 = /^[("'[<]*\[?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}\]?(?:%[\w.]+)?(?::\d{1,5})?[)"'\]>,;.]*$/;
const HEX_PAIRS = /^[("'[<]*[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){3,}[)"'\]>,;.]*$/;
const HEX_WITHOUT_DIGIT_LIMIT = 8;

/**
 * Characters that separate a key from its value inside one token ("HWID=1973", "onExtend:1514", "[8]"). `.`, `-`,
 * `_` and `/` are not separators: they sit inside host names, ids and versions, which are one value.
 */
function isSeparator(code: number): boolean {
  switch (code) {
    case 0x3d /* = */:
    case 0x3a /* : */:
    case 0x2c /* , */:
    case 0x3b /* ; */:
    case 0x28 /* ( */:
    case 0x29 /* ) */:
    case 0x5b /* [ */:
    case 0x5d /* ] */:
    case 0x7b /* { */:
    case 0x7d /* } */:
    case 0x22 /* " */:
    case 0x27 /* ' */:
    case 0x3c /* < */:
    case 0x3e /* > */:
    case 0x7c /* | */:
    case 0x23 /* # */:
    case 0x40 /* @ */:
    case 0x26 /* & */:
    case 0x3f /* ? */:
      return true;
    default:
      return false;
  }
}

/** A dot in a run of dots ("depth.......0") separates a label from its value like `=` does. */
function isLeaderDot(token: string, i: number, code: number): boolean {
  return code === 0x2e && (token.charCodeAt(i + 1) === 0x2e || token.charCodeAt(i - 1) === 0x2e);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHexLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);
}

/**
 * Masks one whitespace-free token. A part of the token between separators is a variable when it holds a digit
 * (numbers, hex, IPv4, UUIDs, block ids, "12KB", "10ms", "node-246"), or is a long hex string. Whole-token forms
 * (URLs, paths, host:port, IPv6) become one `<*>` so that their inner structure cannot vary the template.
 */
export function maskToken(token: string): string {
  const length = token.length;
  let digits = 0;
  let slashes = 0;
  let colons = 0;
  let dashes = 0;
  for (let i = 0; i < length; i++) {
    const code = token.charCodeAt(i);
    if (isDigit(code)) digits++;
    else if (code === 0x2f || code === 0x5c) slashes++;
    else if (code === 0x3a) colons++;
    else if (code === 0x2d) dashes++;
  }
  if (slashes > 0 && URL_OR_PATH.test(token)) return W;
  if (digits === 0 && slashes === 0) return token;
  if (colons > 0 && (ENDPOINT.test(token) || IPV6.test(token))) return W;
  if ((colons >= 3 || dashes >= 3) && HEX_PAIRS.test(token)) return W;

  let out = '';
  let start = 0;
  let changed = false;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? token.charCodeAt(i) : -1;
    if (code !== -1 && !isSeparator(code) && !isLeaderDot(token, i, code)) continue;
    if (i > start) {
      if (segmentIsVariable(token, start, i)) {
        out += W;
        changed = true;
      } else {
        out += token.slice(start, i);
      }
    }
    if (code !== -1) out += token[i];
    start = i + 1;
  }
  return changed ? out : token;
}

function segmentIsVariable(token: string, start: number, end: number): boolean {
  const first = token.charCodeAt(start);
  if ((first === 0x2f || first === 0x5c) && end - start > 1) return true;
  let hex = 0;
  for (let i = start; i < end; i++) {
    const code = token.charCodeAt(i);
    if (isDigit(code)) return true;
    if (isHexLetter(code)) hex++;
  }
  return hex >= HEX_WITHOUT_DIGIT_LIMIT && hex === end - start;
}

const WHITESPACE = /\s+/;

/** A compiled masking pipeline: source-specific masks, then the built-in spanning masks, then per-token masking. */
export class Masker {
  private readonly extra: readonly RegExp[];

  constructor(extraMasks: readonly MaskPattern[] = []) {
    this.extra = extraMasks.map((m) => new RegExp(m.pattern, withGlobal(m.flags)));
  }

  /** The masked tokens of a message; consecutive variables collapse into one, so value lists of any length match. */
  mask(content: string): string[] {
    let text = content;
    for (const re of this.extra) text = text.replace(re, W);
    for (const re of SPANNING_MASKS) text = text.replace(re, W);
    const raw = text.split(WHITESPACE);
    const tokens: string[] = [];
    let previousWasWildcard = false;
    for (const piece of raw) {
      if (piece.length === 0) continue;
      const token = maskToken(piece);
      const isWildcard = token === W;
      if (isWildcard && previousWasWildcard) continue;
      tokens.push(token);
      previousWasWildcard = isWildcard;
    }
    return tokens;
  }
}

function withGlobal(flags: string | undefined): string {
  const f = flags ?? '';
  return f.includes('g') ? f : `${f}g`;
}
