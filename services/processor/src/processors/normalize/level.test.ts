import { levelFromMessage, normalizeLevel } from './level';

describe('normalizeLevel', () => {
  it.each([
    ['WARN', 'warn'],
    ['warning', 'warn'],
    ['W', 'warn'],
    ['E', 'error'],
    ['err', 'error'],
    ['ERROR', 'error'],
    ['fatal', 'fatal'],
    ['crit', 'fatal'],
    ['Critical', 'fatal'],
    ['emerg', 'fatal'],
    ['dpanic', 'fatal'],
    ['Information', 'info'],
    ['notice', 'info'],
    ['Verbose', 'trace'],
    ['TRACE', 'trace'],
    ['dbg', 'debug'],
    ['SEVERE', 'error'],
    ['[warn]', 'warn'],
    [' ERROR: ', 'error'],
    [0, 'fatal'],
    [2, 'fatal'],
    [3, 'error'],
    [4, 'warn'],
    [5, 'info'],
    [6, 'info'],
    [7, 'debug'],
    ['3', 'error'],
    [10, 'trace'],
    [20, 'debug'],
    [30, 'info'],
    ['40', 'warn'],
    [50, 'error'],
    [60, 'fatal'],
    [35, 'info'],
    [8, undefined],
    [-1, undefined],
    [3.5, undefined],
    ['loud', undefined],
    ['constructor', undefined],
    [null, undefined],
    [true, undefined],
  ])('%p → %p', (value, level) => {
    expect(normalizeLevel(value)).toBe(level);
  });
});

describe('levelFromMessage', () => {
  it.each([
    ['ERROR something failed', 'error'],
    ['[warn] disk almost full', 'warn'],
    ['error: cannot open file', 'error'],
    ['2026-01-02 03:04:05,678 WARNING [main] slow', 'warn'],
    ['2026-01-02T03:04:05Z INFO started', 'info'],
    ['E0102 03:04:05.000000  1 main.go:10] boom', 'error'],
    ['I0102 03:04:05.000000  1 main.go:10] ok', 'info'],
    ['<11>Jan  2 03:04:05 host app: x', 'error'],
    ['<14>Jan  2 03:04:05 host app: x', 'info'],
    ['time=now level=debug msg=x', 'debug'],
    ['(CRIT) meltdown', 'fatal'],
    ['An error occurred in the handler', undefined],
    ['Error connecting to db', undefined],
    ['the sixth word here is ERROR', undefined],
    ['hello world', undefined],
    ['', undefined],
  ])('%p → %p', (message, level) => {
    expect(levelFromMessage(message)).toBe(level);
  });
});
