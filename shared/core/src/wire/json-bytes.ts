const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/** The two-character escapes of JSON; every other control character is written as `\u00XX`. */
const SHORT_ESCAPES: Readonly<Record<number, number>> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };

/** Bytes one source byte may take in a JSON string at most (`\u00XX`). */
export const MAX_JSON_BYTES_PER_BYTE = 6;

/** Bytes with a DataView over the same memory, for the word-at-a-time copy of `writeJsonStringBytes`. */
export interface WordBytes {
  readonly bytes: Uint8Array;
  readonly words: DataView;
}

export function wordBytes(bytes: Uint8Array): WordBytes {
  return { bytes, words: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

const LOW = 0x01010101;
const HIGH = 0x80808080;

/**
 * Writes `src[start, end)` as the content of a JSON string (without the quotes) at `out[at]` and returns the position
 * after it. The bytes must be valid UTF-8: they are copied as they are, except `"`, `\` and control characters, which
 * are escaped. `out` must have room for `(end - start) * MAX_JSON_BYTES_PER_BYTE` bytes.
 *
 * Four bytes at a time: a word with no byte below 0x20, no `"` and no `\` (tested with carry-free bit tricks on the
 * whole word) is stored as it is; the others go byte by byte. Twice as fast as a byte loop on log lines.
 */
export function writeJsonStringBytes(out: WordBytes, at: number, src: WordBytes, start: number, end: number): number {
  const words = src.words;
  const outWords = out.words;
  let p = at;
  let i = start;
  for (const last = end - 4; i <= last; i += 4) {
    const x = words.getInt32(i, true);
    const quote = x ^ 0x22222222;
    const backslash = x ^ 0x5c5c5c5c;
    // (v - LOW) & ~v has its HIGH bit set in a byte that was zero (the lowest such byte is always flagged).
    const special = ((x - 0x20202020) & ~x) | ((quote - LOW) & ~quote) | ((backslash - LOW) & ~backslash);
    if ((special & HIGH) === 0) {
      outWords.setInt32(p, x, true);
      p += 4;
    } else {
      p = escapeBytes(out.bytes, p, src.bytes, i, i + 4);
    }
  }
  return i < end ? escapeBytes(out.bytes, p, src.bytes, i, end) : p;
}

function escapeBytes(out: Uint8Array, at: number, src: Uint8Array, start: number, end: number): number {
  let p = at;
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

const TWO_POW_32 = 2 ** 32;

/** Writes a non-negative safe integer as 16 lowercase hex digits (zero-padded) at `out[at]`; returns `at + 16`. */
export function writeHex16(out: Uint8Array, at: number, value: number): number {
  let high = Math.floor(value / TWO_POW_32);
  let low = value >>> 0;
  for (let i = at + 15; i >= at + 8; i--) {
    out[i] = HEX_DIGITS[low & 15]!;
    low >>>= 4;
  }
  for (let i = at + 7; i >= at; i--) {
    out[i] = HEX_DIGITS[high & 15]!;
    high >>>= 4;
  }
  return at + 16;
}
