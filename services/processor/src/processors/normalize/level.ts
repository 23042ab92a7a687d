/** The level names daytwo stores in `log.level` (ECS-style, lower case). */
export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Level = (typeof LEVELS)[number];

const WORDS: Record<string, Level> = {};
const add = (level: Level, words: string) => {
  for (const w of words.split(' ')) WORDS[w] = level;
};
add('trace', 'trace trc finest finer verbose v t');
add('debug', 'debug dbg d fine config debug1 debug2 debug3 debug4 debug5');
add('info', 'info inf i information informational notice n log');
add('warn', 'warn warning wrn w');
add('error', 'error err e eror severe');
add('fatal', 'fatal ftl f crit critical c emerg emergency alert a panic dpanic');

/** Syslog severities 0..7 (RFC 5424). */
const SYSLOG: readonly Level[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

/** bunyan/pino numbers: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal (in between rounds down). */
function fromNumber(n: number): Level | undefined {
  if (!Number.isInteger(n) || n < 0) return undefined;
  if (n <= 7) return SYSLOG[n];
  if (n < 10) return undefined;
  return LEVELS[Math.min(Math.floor(n / 10), 6) - 1];
}

/**
 * One of LEVELS for the level zoo: words in any case (`WARN`, `warning`, `W`, `E`, `err`, `crit`, `Information`),
 * with brackets or a colon around them (`[warn]`, `ERROR:`), syslog severities 0..7 and bunyan/pino numbers 10..60
 * (as numbers or digit strings). Undefined for anything else.
 */
export function normalizeLevel(value: unknown): Level | undefined {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value !== 'string') return undefined;
  const word = value
    .trim()
    .replace(/^[[(<{]+|[\])>}:]+$/g, '')
    .toLowerCase();
  if (/^\d{1,3}$/.test(word)) return fromNumber(Number(word));
  return Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
}

const KLOG = /^([IWEF])\d{4}\s/;
const SYSLOG_PRI = /^<(\d{1,3})>/;
const KEY_VALUE = /(?:^|\s)(?:level|lvl|severity)=["']?([A-Za-z]+)/i;
/** Words that mark a level in free text: no single letters, which are too easy to hit by accident. */
const PREFIX_WORD =
  /^(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRIT|CRITICAL|PANIC|EMERG|ALERT|trace|debug|info|notice|warn|warning|error|err|fatal|crit|critical|panic)$/;

/**
 * A level a message announces near its start: a syslog `<PRI>`, a klog prefix (`E0102 ...`), `level=warn`, or one of
 * its first five words written as a level marker: upper case (`ERROR`), bracketed (`[warn]`) or with a colon
 * (`error:`). A plain "error" in a sentence does not count.
 */
export function levelFromMessage(message: string): Level | undefined {
  const head = message.slice(0, 200);
  const pri = SYSLOG_PRI.exec(head);
  if (pri) return Number(pri[1]) <= 191 ? SYSLOG[Number(pri[1]) % 8] : undefined;
  const klog = KLOG.exec(head);
  if (klog) return normalizeLevel(klog[1]);
  const kv = KEY_VALUE.exec(head);
  if (kv) return normalizeLevel(kv[1]);
  for (const token of head.split(/\s+/, 5)) {
    const marked = /^[[(<].*[\])>]:?$/.test(token) || token.endsWith(':');
    const word = token.replace(/^[[(<]+|[\])>:]+$/g, '');
    if (!PREFIX_WORD.test(word)) continue;
    if (marked || word === word.toUpperCase()) return normalizeLevel(word);
  }
  return undefined;
}
