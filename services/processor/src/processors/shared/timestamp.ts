/**
 * Timestamps as logs write them, to epoch milliseconds (UTC). Supported: RFC 3339 / ISO 8601 with `T` or a space,
 * `.` or `,` before 1-9 fraction digits, `Z`, `±hh:mm`, `±hhmm`, `UTC`/`GMT` or no zone (read as UTC), optionally
 * followed by a zone abbreviation (Go's default format); epoch seconds, milliseconds, microseconds or nanoseconds
 * (numbers or digit strings, told apart by magnitude); Apache/nginx `02/Jan/2006:15:04:05 -0700`; RFC 1123/2822 with a
 * zone; and, without a year (the year is the one that puts the time closest before `now`), syslog `Jan  2 15:04:05`
 * and klog `0102 15:04:05.000000`. Anything else is undefined, as are dates outside 1970..2199.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MIN_MS = 0;
const MAX_MS = Date.UTC(2200, 0, 1);
const DAY_MS = 86_400_000;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?(?:\s+[A-Z]{2,5})?$/i;
const CLF = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s*([+-]\d{4}))?$/;
const SYSLOG = /^([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const KLOG = /^(\d{2})(\d{2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const RFC2822 =
  /^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s+(?:[+-]\d{4}|UT|GMT|UTC|[ECMP][SD]T)$/;
const DIGITS = /^\d+(?:\.\d+)?$/;

const inRange = (ms: number): number | undefined => (ms >= MIN_MS && ms < MAX_MS ? ms : undefined);

function fractionMs(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  offset: number;
}

/** Epoch ms for calendar parts, or undefined when they name no real instant (Feb 30, hour 25). */
function fromParts(p: Parts): number | undefined {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 60) return undefined;
  const utc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, Math.min(p.second, 59), p.ms);
  if (new Date(utc).getUTCDate() !== p.day) return undefined;
  return inRange(utc - p.offset * 60_000);
}

/** Epoch seconds, ms, µs or ns, told apart by magnitude (all of them land in 1973..5138 this way). */
export function epochToMs(n: number): number | undefined {
  if (!Number.isFinite(n) || n < 1e8) return undefined;
  if (n < 1e11) return inRange(Math.round(n * 1000));
  if (n < 1e14) return inRange(Math.round(n));
  if (n < 1e17) return inRange(Math.floor(n / 1e3));
  if (n < 1e20) return inRange(Math.floor(n / 1e6));
  return undefined;
}

/** Year-less month/day: the latest year that does not put the time more than a day after `now`. */
function withInferredYear(parts: Omit<Parts, 'year'>, now: number): number | undefined {
  const year = new Date(now).getUTCFullYear();
  const thisYear = fromParts({ ...parts, year });
  if (thisYear !== undefined && thisYear <= now + DAY_MS) return thisYear;
  return fromParts({ ...parts, year: year - 1 });
}

function parseText(text: string, now: number): number | undefined {
  let m = ISO.exec(text);
  if (m) {
    return fromParts({
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6] ?? 0),
      ms: fractionMs(m[7]),
      offset: offsetMinutes(m[8]),
    });
  }
  if (DIGITS.test(text)) return epochToMs(Number(text));
  m = CLF.exec(text);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month === undefined) return undefined;
    return fromParts({
      year: Number(m[3]),
      month,
      day: Number(m[1]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
      ms: 0,
      offset: offsetMinutes(m[7]),
    });
  }
  m = SYSLOG.exec(text);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    if (month === undefined) return undefined;
    const time = { hour: Number(m[3]), minute: Number(m[4]), second: Number(m[5]), ms: fractionMs(m[6]), offset: 0 };
    return withInferredYear({ month, day: Number(m[2]), ...time }, now);
  }
  m = KLOG.exec(text);
  if (m) {
    const time = { hour: Number(m[3]), minute: Number(m[4]), second: Number(m[5]), ms: fractionMs(m[6]), offset: 0 };
    return withInferredYear({ month: Number(m[1]), day: Number(m[2]), ...time }, now);
  }
  // Date.parse reads zone-less text as local time, so it only gets strings that carry their zone.
  if (RFC2822.test(text)) return inRange(Date.parse(text.replace(/\bUTC$/, 'GMT')));
  return undefined;
}

/** Epoch ms of a timestamp field value (string or number), or undefined. */
export function parseTimestamp(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value === 'number') return epochToMs(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.length === 0 || text.length > 64) return undefined;
  const ms = parseText(text, now);
  return ms === undefined || Number.isNaN(ms) ? undefined : ms;
}

const MESSAGE_PREFIXES: readonly RegExp[] = [
  // ISO at the start, possibly in brackets: "2026-01-02T03:04:05.678Z msg", "[2026-01-02 03:04:05,678] msg"
  /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)(?=[\]\s|,]|$)/,
  // Apache/nginx access logs: `1.2.3.4 - - [02/Jan/2006:15:04:05 -0700] "GET ...`
  /\[(\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\s[+-]\d{4})?)\]/,
  // syslog, after an optional <PRI>: "<34>Oct 11 22:14:15 host app: msg"
  /^(?:<\d{1,3}>)?([A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2})(?=\s|$)/,
  // klog: "I0102 15:04:05.000000   1 main.go:10] msg"
  /^[IWEF](\d{4}\s+\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(?=\s|$)/,
];

/** Epoch ms of a timestamp a message starts with (or, for access logs, carries in brackets early on). */
export function timestampFromMessage(message: string, now: number = Date.now()): number | undefined {
  const head = message.slice(0, 160);
  for (const pattern of MESSAGE_PREFIXES) {
    const m = pattern.exec(head);
    if (m?.[1] !== undefined) {
      const ms = parseTimestamp(m[1], now);
      if (ms !== undefined) return ms;
    }
  }
  return undefined;
}
