const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_E = 0x65;
const LOWER_I = 0x69;
const LOWER_N = 0x6e;

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** Index after the optional sign. */
function signLength(s: string): number {
  const c = s.charCodeAt(0);
  return c === PLUS || c === MINUS ? 1 : 0;
}

/**
 * True for `digits[.digits][e[sign]digits]` with at least one mantissa digit, from `start` to the end of `s`.
 * Both formats define numbers this way (text: Go ParseFloat without hex and underscores; OpenMetrics: `realnumber`).
 * Checked by hand because `Number()` also takes hex, binary, empty and whitespace-only strings.
 */
function isDecimal(s: string, start: number): boolean {
  const n = s.length;
  let i = start;
  let digits = 0;
  for (; i < n && isDigit(s.charCodeAt(i)); i++) digits++;
  if (i < n && s.charCodeAt(i) === DOT) {
    for (i++; i < n && isDigit(s.charCodeAt(i)); i++) digits++;
  }
  if (digits === 0) return false;
  if (i < n && (s.charCodeAt(i) | 0x20) === LOWER_E) {
    i++;
    if (i < n && (s.charCodeAt(i) === PLUS || s.charCodeAt(i) === MINUS)) i++;
    const expStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === expStart) return false;
  }
  return i === n;
}

/**
 * Parses a sample value: a decimal number, `[+-]Inf`/`[+-]Infinity` or `NaN` (case-insensitive, as Go's ParseFloat
 * and the OpenMetrics ABNF both allow). Returns undefined when the token is not a number.
 */
export function parseFloatToken(s: string): number | undefined {
  if (s.length === 0) return undefined;
  const start = signLength(s);
  const first = s.charCodeAt(start) | 0x20;
  if (first === LOWER_I || first === LOWER_N) {
    const word = s.slice(start).toLowerCase();
    if (word === 'inf' || word === 'infinity') return s.charCodeAt(0) === MINUS ? -Infinity : Infinity;
    if (word === 'nan' && start === 0) return NaN;
    return undefined;
  }
  return isDecimal(s, start) ? Number(s) : undefined;
}

/** Text format timestamp: an integer number of milliseconds. */
export function parseTextTimestamp(s: string): number | undefined {
  const n = s.length;
  const start = signLength(s);
  if (start === n) return undefined;
  for (let i = start; i < n; i++) if (!isDigit(s.charCodeAt(i))) return undefined;
  const ms = Number(s);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * OpenMetrics timestamp: float seconds, converted to integer milliseconds truncated toward zero like Prometheus.
 * Plain decimals are shifted by three digits as text so `1.001` gives exactly 1001 (float `1.001 * 1000` does not).
 */
export function parseOpenMetricsTimestamp(s: string): number | undefined {
  const start = signLength(s);
  if (!isDecimal(s, start)) return undefined;
  let ms: number;
  if (s.indexOf('e') === -1 && s.indexOf('E') === -1) {
    const dot = s.indexOf('.');
    const whole = dot === -1 ? s : s.slice(0, dot);
    const fraction = dot === -1 ? '' : s.slice(dot + 1);
    ms = Number(whole + (fraction + '000').slice(0, 3));
  } else {
    ms = Math.trunc(Number(s) * 1000);
  }
  return Number.isSafeInteger(ms) ? ms + 0 : undefined; // `+ 0` turns -0 into 0
}
