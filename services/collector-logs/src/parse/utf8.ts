import { isUtf8 } from 'node:buffer';

export interface DecodedText {
  text: string;
  /** Some bytes were not valid UTF-8 and were replaced with U+FFFD. */
  invalidUtf8: boolean;
}

/**
 * `isUtf8` (a vectorised validity scan) followed by `toString` measured ~110 ns for a 100-byte line, against ~180 ns
 * for a fatal `TextDecoder` that has to throw to report invalid input. Node's decoder replaces each maximal invalid
 * subpart with U+FFFD, as the WHATWG decoder does (the unit tests compare the two).
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

export function decodeUtf8(bytes: Buffer, start = 0, end = bytes.length): DecodedText {
  const whole = start === 0 && end === bytes.length;
  const invalidUtf8 = !isUtf8(whole ? bytes : bytes.subarray(start, end));
  return { text: bytes.toString('utf8', start, end), invalidUtf8 };
}

/**
 * The largest `cut <= end` such that `bytes[0, cut)` does not end inside a multi-byte character: truncating there does
 * not turn valid text into invalid text. Looks only at the bytes before `end`.
 */
export function utf8SafeCut(bytes: Uint8Array, end: number): number {
  let i = end - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && ((bytes[i] ?? 0) & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return end;
  const lead = bytes[i] ?? 0;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return end - i < length ? i : end;
}
