const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/** The two-character escapes of JSON; every other control character is written as `\u00XX`. */
const SHORT_ESCAPES: Readonly<Record<number, number>> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };

/** Bytes one source byte may take in a JSON string at most (`\u00XX`). */
export const MAX_JSON_BYTES_PER_BYTE = 6;

/**
 * Writes `src[start, end)` as the content of a JSON string (without the quotes) at `out[at]` and returns the position
 * after it. The bytes must be valid UTF-8: they are copied as they are, except `"`, `\` and control characters, which
 * are escaped. `out` must have room for `(end - start) * MAX_JSON_BYTES_PER_BYTE` bytes.
 */
export function writeJsonStringBytes(out: Buffer, at: number, src: Uint8Array, start: number, end: number): number {
  let p = at;
  // Most lines need no escaping: a plain loop copies them faster than native copy calls per run.
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c >= 0x20 && c !== QUOTE && c !== BACKSLASH) {
      out[p++] = c;
      continue;
    }
    out[p++] = BACKSLASH;
    const short = c === QUOTE || c === BACKSLASH ? c : SHORT_ESCAPES[c];
    if (short !== undefined) {
      out[p++] = short;
    } else {
      out[p++] = 0x75; // u
      out[p++] = 0x30;
      out[p++] = 0x30;
      out[p++] = HEX_DIGITS[c >> 4]!;
      out[p++] = HEX_DIGITS[c & 15]!;
    }
  }
  return p;
}

/**
 * Writes `text` as a complete JSON string (with its quotes) at `out[at]`; returns the position after it. ASCII text
 * without characters to escape is written directly, anything else through JSON.stringify. `out` must have room for
 * `jsonStringMaxBytes(text)` bytes.
 */
export function writeJsonString(out: Buffer, at: number, text: string): number {
  const n = text.length;
  out[at] = QUOTE;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // What was copied so far is overwritten: the rare text that needs more goes through JSON.stringify.
    if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) return at + out.write(JSON.stringify(text), at, 'utf8');
    out[at + 1 + i] = c;
  }
  out[at + 1 + n] = QUOTE;
  return at + n + 2;
}

/** An upper bound of the bytes `writeJsonString` writes for `text`. */
export function jsonStringMaxBytes(text: string): number {
  // A UTF-16 unit takes at most 3 UTF-8 bytes, or 6 as an escape (a lone surrogate as \uXXXX).
  return text.length * MAX_JSON_BYTES_PER_BYTE + 2;
}

/** Writes a non-negative safe integer in decimal at `out[at]`; returns the position after it. */
export function writeDecimal(out: Buffer, at: number, value: number): number {
  if (value < 10) {
    out[at] = 0x30 + value;
    return at + 1;
  }
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  let v = value;
  for (let i = at + digits - 1; i >= at; i--) {
    out[i] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + digits;
}
