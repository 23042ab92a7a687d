import { MultilineMerger } from '../merger';
import { groupLines, JAVA_TRACE, logicalLines } from '../test-lines';
import type { BuiltinMultilineRuleName } from './builtin';

const PYTHON_TRACE = [
  'Traceback (most recent call last):',
  '  File "/app/main.py", line 10, in <module>',
  '    main()',
  '  File "/app/main.py", line 6, in main',
  '    raise ValueError("bad")',
  'ValueError: bad',
];
const PYTHON_CARETS = [
  'Traceback (most recent call last):',
  '  File "x.py", line 1, in <module>',
  '    1/0',
  '    ~^~',
  'ZeroDivisionError: division by zero',
];
const PYTHON_CHAINED = [
  'Traceback (most recent call last):',
  '  File "a.py", line 2, in <module>',
  '    int("x")',
  "ValueError: invalid literal for int() with base 10: 'x'",
  '',
  'During handling of the above exception, another exception occurred:',
  '',
  'Traceback (most recent call last):',
  '  File "a.py", line 4, in <module>',
  '    raise RuntimeError("wrapped")',
  'RuntimeError: wrapped',
];
const GO_PANIC = [
  'panic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f4a6]',
  '',
  'goroutine 1 [running]:',
  'main.handler(0x0)',
  '\t/app/main.go:12 +0x26',
  'net/http.(*conn).serve(0xc000012345, {0x1, 0x2})',
  '\t/usr/local/go/src/net/http/server.go:2092 +0x5d0',
  'main.main()',
  '\t/app/main.go:20 +0x1d',
];
const GO_DEADLOCK = [
  'fatal error: all goroutines are asleep - deadlock!',
  '',
  'goroutine 1 [chan receive]:',
  'main.main()',
  '\t/app/main.go:5 +0x2d',
  '',
  'goroutine 18 gp=0xc000007c00 m=nil [select, 2 minutes]:',
  'created by main.start in goroutine 1',
  '\t/app/main.go:30 +0x5c',
];
const GO_REPANIC = ['panic: first [recovered]', '\tpanic: second', '', 'goroutine 1 [running]:', 'main.main()'];
const NODE_TRACE = [
  "TypeError: Cannot read properties of undefined (reading 'id')",
  '    at getUser (/app/src/users.js:10:15)',
  '    at async handler (/app/src/server.js:42:7)',
];
const NODE_PROPERTIES = [
  'Error: connect ECONNREFUSED 127.0.0.1:5432',
  '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16) {',
  '  errno: -111,',
  "  code: 'ECONNREFUSED',",
  '  [cause]: Error: inner',
  '      at inner (/app/x.js:1:1)',
  '}',
];

describe('built-in multiline rules', () => {
  it.each<[string, BuiltinMultilineRuleName, string[], string[][]]>([
    [
      'python: traceback',
      'python',
      ['ERROR:root:failed', ...PYTHON_TRACE, 'INFO:root:next'],
      [['ERROR:root:failed'], PYTHON_TRACE, ['INFO:root:next']],
    ],
    ['python: caret lines', 'python', [...PYTHON_CARETS, 'next'], [PYTHON_CARETS, ['next']]],
    ['python: chained exceptions', 'python', [...PYTHON_CHAINED, 'next'], [PYTHON_CHAINED, ['next']]],
    [
      'python: blank line inside frames ends it',
      'python',
      ['Traceback (most recent call last):', '', 'x'],
      [['Traceback (most recent call last):'], [''], ['x']],
    ],
    ['go: panic', 'go', [...GO_PANIC, 'exit status 2'], [GO_PANIC, ['exit status 2']]],
    [
      'go: deadlock with two goroutines',
      'go',
      [...GO_DEADLOCK, 'level=info msg=next'],
      [GO_DEADLOCK, ['level=info msg=next']],
    ],
    ['go: re-panic', 'go', GO_REPANIC, [GO_REPANIC]],
    ['go: panic line alone', 'go', ['panic: x', 'next'], [['panic: x'], ['next']]],
    [
      'node: error with frames',
      'node',
      ['GET /users 500', ...NODE_TRACE, 'server listening'],
      [['GET /users 500'], NODE_TRACE, ['server listening']],
    ],
    ['node: properties block', 'node', [...NODE_PROPERTIES, 'next'], [NODE_PROPERTIES, ['next']]],
    ['node: no frames', 'node', ['Error: x', 'Error: y'], [['Error: x'], ['Error: y']]],
  ])('%s', (_name, rule, lines, expected) => {
    expect(groupLines([rule], lines)).toEqual(expected);
  });

  it('node: the closing brace ends the event without waiting for the next line', () => {
    const merger = new MultilineMerger({ builtin: ['node'] });
    const events = logicalLines(NODE_PROPERTIES).flatMap((l) => merger.push(l, 0));
    expect(events.map((e) => e.message)).toEqual([NODE_PROPERTIES.join('\n')]);
  });

  it.each<[string, string[]]>([
    ['python', ['ERROR:root:failed', ...PYTHON_TRACE]],
    ['go', ['ERROR handler failed', ...GO_PANIC]],
    ['node', ['[ERROR] GET /users 500', ...NODE_TRACE]],
  ])('all built-ins: a %s trace after an ERROR line is still an event of its own', (_name, lines) => {
    expect(groupLines(['java', 'python', 'go', 'node'], [...lines, 'next'])).toEqual([
      [lines[0]],
      lines.slice(1),
      ['next'],
    ]);
  });

  it('all built-ins together keep each language apart', () => {
    const merger = new MultilineMerger();
    const lines = [...JAVA_TRACE, ...PYTHON_TRACE, ...GO_PANIC, ...NODE_TRACE, 'plain'];
    const events = logicalLines(lines).flatMap((l) => merger.push(l, 0));
    events.push(...merger.flushAll());
    expect(events.map((e) => e.message.split('\n'))).toEqual([
      JAVA_TRACE,
      PYTHON_TRACE,
      GO_PANIC,
      NODE_TRACE,
      ['plain'],
    ]);
  });
});
