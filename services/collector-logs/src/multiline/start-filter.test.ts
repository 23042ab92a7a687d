import { BUILTIN_MULTILINE_RULES } from './rules/builtin';
import { createCustomRule } from './rules/custom';
import type { MultilineRule } from './rules/rule';
import { StartFilter } from './start-filter';

/** Lines that start events of the built-in rules, lines that look close, and plain ones. */
const LINES = [
  'java.lang.IllegalStateException: boom',
  'Exception in thread "main" java.lang.RuntimeException: x',
  '\tat com.example.Foo.bar(Foo.java:10)',
  '    at getUser (/app/src/users.js:10:15)',
  'Caused by: java.lang.NullPointerException',
  'Throwable thing',
  "TypeError: Cannot read properties of undefined (reading 'id')",
  'Error: connect ECONNREFUSED 127.0.0.1:5432',
  'Traceback (most recent call last):',
  'Traceback (most recent call first)',
  'panic: runtime error: invalid memory address',
  'fatal error: all goroutines are asleep - deadlock!',
  'goroutine 1 [running]:',
  'goroutine 1 [running]',
  'ErrorCount=0',
  'level=error msg="no such host"',
  '{"level":"info","msg":"request completed","status":200}',
  '2026-05-01 12:00:00.123 INFO [main] c.e.Shop - order placed',
  ' indented',
  '',
  'p',
  'pani',
  'é✓ Error 𝄞',
];

const rules = Object.values(BUILTIN_MULTILINE_RULES);

describe('built-in start hints', () => {
  it.each(rules.map((r) => [r.name, r] as [string, MultilineRule]))(
    '%s: every line its start accepts has one of its prefixes or needles',
    (_name, rule) => {
      const hint = rule.startHint!;
      for (const line of LINES) {
        if (rule.start(line) < 0) continue;
        const hinted = hint.prefixes.some((p) => line.startsWith(p)) || hint.contains.some((c) => line.includes(c));
        expect([line, hinted]).toEqual([line, true]);
      }
    },
  );
});

describe('StartFilter', () => {
  const filter = StartFilter.of(rules)!;

  /** The messages joined into one buffer with newlines, and each one's range. */
  function chunk(messages: readonly string[]): { buffer: Buffer; ranges: [number, number][] } {
    const ranges: [number, number][] = [];
    let text = '';
    for (const m of messages) {
      const start = Buffer.byteLength(text);
      text += `${m}\n`;
      ranges.push([start, start + Buffer.byteLength(m)]);
    }
    return { buffer: Buffer.from(text), ranges };
  }

  it('lets through only lines no rule can start with, and every line some rule starts with is kept', () => {
    const { buffer, ranges } = chunk(LINES);
    filter.reset();
    const verdicts = ranges.map(([start, end]) => filter.mayStart(buffer, start, end));
    LINES.forEach((line, i) => {
      if (rules.some((r) => r.start(line) >= 0)) expect([line, verdicts[i]]).toEqual([line, true]);
    });
    expect(LINES.filter((_, i) => !verdicts[i])).toEqual([
      'Traceback (most recent call first)',
      'level=error msg="no such host"',
      '{"level":"info","msg":"request completed","status":200}',
      '2026-05-01 12:00:00.123 INFO [main] c.e.Shop - order placed',
      '',
      'p',
      'pani',
    ]);
  });

  it('looks at a reused buffer afresh after reset', () => {
    const first = chunk(['plain', 'more plain', 'an Error here']);
    filter.reset();
    expect(first.ranges.map(([s, e]) => filter.mayStart(first.buffer, s, e))).toEqual([false, false, true]);
    const second = chunk(['x Error', 'plain again', 'plain']);
    second.buffer.copy(first.buffer);
    filter.reset();
    expect(second.ranges.map(([s, e]) => filter.mayStart(first.buffer, s, e))).toEqual([true, false, false]);
  });

  it('is not made for rules without a hint (custom patterns are tried on every line)', () => {
    expect(StartFilter.of([...rules, createCustomRule('c', '^BEGIN', '^ ')])).toBeUndefined();
  });
});
