function digitsValue(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Checks an RFC 3339 timestamp as container runtimes write it (Go's RFC3339Nano): `2024-05-01T12:34:56.123456789Z`,
 * fraction of 1 to 9 digits optional, `Z` or a `±hh:mm` offset. Character checks only: this runs once per line.
 */
export function isRfc3339Timestamp(s: string): boolean {
  const n = s.length;
  if (n < 20) return false;
  const year = digitsValue(s, 0, 4);
  const month = digitsValue(s, 5, 2);
  const day = digitsValue(s, 8, 2);
  const hour = digitsValue(s, 11, 2);
  const minute = digitsValue(s, 14, 2);
  const second = digitsValue(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return false;
  let i = 19;
  if (s[i] === '.') {
    const fracStart = ++i;
    while (i < n && i - fracStart < 10) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    const fracDigits = i - fracStart;
    if (fracDigits < 1 || fracDigits > 9) return false;
  }
  if (i === n - 1) return s[i] === 'Z';
  if (i !== n - 6) return false;
  const sign = s[i];
  if (sign !== '+' && sign !== '-') return false;
  const offsetHours = digitsValue(s, i + 1, 2);
  const offsetMinutes = digitsValue(s, i + 4, 2);
  return s[i + 3] === ':' && offsetHours >= 0 && offsetHours <= 23 && offsetMinutes >= 0 && offsetMinutes <= 59;
}
