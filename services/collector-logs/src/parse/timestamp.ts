function digitsValue(b: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const DASH = 0x2d;
const COLON = 0x3a;

/**
 * isRfc3339Timestamp of the ASCII bytes `b[start, end)`, without making a string of them (the CRI hot path). Every
 * read stays within the range: the length checks come first.
 */
export function isRfc3339TimestampBytes(b: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n < 20) return false;
  const s = start;
  const year = digitsValue(b, s, 4);
  const month = digitsValue(b, s + 5, 2);
  const day = digitsValue(b, s + 8, 2);
  const hour = digitsValue(b, s + 11, 2);
  const minute = digitsValue(b, s + 14, 2);
  const second = digitsValue(b, s + 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  if (b[s + 4] !== DASH || b[s + 7] !== DASH || b[s + 10] !== 0x54 || b[s + 13] !== COLON || b[s + 16] !== COLON) {
    return false;
  }
  let i = s + 19;
  if (b[i] === 0x2e) {
    const fracStart = ++i;
    while (i < end && i - fracStart < 10) {
      const c = b[i]!;
      if (c < 48 || c > 57) break;
      i++;
    }
    const fracDigits = i - fracStart;
    if (fracDigits < 1 || fracDigits > 9) return false;
  }
  if (i === end - 1) return b[i] === 0x5a; // Z
  if (i !== end - 6) return false;
  const sign = b[i];
  if (sign !== 0x2b && sign !== DASH) return false;
  const offsetHours = digitsValue(b, i + 1, 2);
  const offsetMinutes = digitsValue(b, i + 4, 2);
  return b[i + 3] === COLON && offsetHours >= 0 && offsetHours <= 23 && offsetMinutes >= 0 && offsetMinutes <= 59;
}

const MAX_TIMESTAMP_CHARS = 64;

/**
 * Checks an RFC 3339 timestamp as container runtimes write it (Go's RFC3339Nano): `2024-05-01T12:34:56.123456789Z`,
 * fraction of 1 to 9 digits optional, `Z` or a `±hh:mm` offset. Character checks only: this runs once per line.
 */
export function isRfc3339Timestamp(s: string): boolean {
  if (s.length > MAX_TIMESTAMP_CHARS) return false;
  // Only ASCII can be valid; latin1 keeps each ASCII character as its byte.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return isRfc3339TimestampBytes(Buffer.from(s, 'latin1'), 0, s.length);
}
