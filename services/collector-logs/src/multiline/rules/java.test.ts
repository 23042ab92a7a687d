import { groupLines, JAVA_TRACE } from '../test-lines';
import { BUILTIN_MULTILINE_RULE_NAMES } from './builtin';

const TRACE = [...JAVA_TRACE];
const SUPPRESSED = [
  'Exception in thread "main" java.lang.RuntimeException: x',
  '\tat Main.main(Main.java:3)',
  '\tSuppressed: java.io.IOException: y',
  '\t\tat Main.close(Main.java:9)',
  '\t\t... 1 more',
  '\tCaused by: java.io.EOFException',
  '\t\t... 12 common frames omitted',
];
const SPRING = '2024-05-01 12:00:00.123 ERROR 1 --- [main] c.e.Foo                                  : request failed';
const SPRING_WARN = '2024-05-01 12:00:01.000  WARN 1 --- [main] c.e.Foo : retrying';
const LOGBACK = '12:00:00.123 [http-nio-8080-exec-1] ERROR com.example.Foo - Error handling request';
const JUL = 'SEVERE: Servlet.service() threw exception';
const INFO = '2024-05-01 12:00:02.000  INFO 1 --- [main] c.e.Foo : started';

const cases: [string, string[], string[][]][] = [
  ['Spring ERROR line with its trace', [SPRING, ...TRACE, INFO], [[SPRING, ...TRACE], [INFO]]],
  ['Spring WARN line with its trace', [SPRING_WARN, ...TRACE], [[SPRING_WARN, ...TRACE]]],
  ['Logback line naming an error, with its trace', [LOGBACK, ...TRACE, INFO], [[LOGBACK, ...TRACE], [INFO]]],
  ['java.util.logging SEVERE line with its trace', [JUL, ...TRACE], [[JUL, ...TRACE]]],
  [
    'log line followed by an Error and a $ name',
    [SPRING, 'com.x.Outer$BadError', '\tat a.B.c(B.java:1)'],
    [[SPRING, 'com.x.Outer$BadError', '\tat a.B.c(B.java:1)']],
  ],
  [
    'log line directly followed by Caused by',
    [SPRING, 'Caused by: java.io.EOFException', '\t... 3 more'],
    [[SPRING, 'Caused by: java.io.EOFException', '\t... 3 more']],
  ],
  ['plain exception alone', [...TRACE, 'next'], [TRACE, ['next']]],
  ['plain exception after an INFO line', [INFO, ...TRACE], [[INFO], TRACE]],
  [
    'two consecutive ERROR lines, each with a trace',
    [SPRING, ...TRACE, LOGBACK, ...SUPPRESSED],
    [
      [SPRING, ...TRACE],
      [LOGBACK, ...SUPPRESSED],
    ],
  ],
  ['two ERROR lines without traces', [SPRING, LOGBACK, INFO], [[SPRING], [LOGBACK], [INFO]]],
  ['an exception right after a trace is a new event', [...TRACE, ...TRACE], [TRACE, TRACE]],
  ['suppressed and omitted frames', [...SUPPRESSED, 'done'], [SUPPRESSED, ['done']]],
  [
    'frames without their header',
    ['\tat a.B.c(B.java:1)', '\tat d.E.f(E.java:2)', 'x'],
    [['\tat a.B.c(B.java:1)', '\tat d.E.f(E.java:2)'], ['x']],
  ],
  [
    'an error word alone stays alone',
    ['ErrorCount=0', 'next', 'Throwable thing', 'ERROR disk full', 'Error: not qualified'],
    [['ErrorCount=0'], ['next'], ['Throwable thing'], ['ERROR disk full'], ['Error: not qualified']],
  ],
  [
    'an unqualified or message-like exception line does not join',
    [SPRING, 'IllegalStateException: boom', SPRING, 'see java.lang.IllegalStateException: boom'],
    [[SPRING], ['IllegalStateException: boom'], [SPRING], ['see java.lang.IllegalStateException: boom']],
  ],
];

describe('java multiline rule', () => {
  it.each(cases)('%s', (_name, lines, expected) => {
    expect(groupLines(['java'], lines)).toEqual(expected);
  });

  it.each(cases)('%s (all built-ins)', (_name, lines, expected) => {
    expect(groupLines(BUILTIN_MULTILINE_RULE_NAMES, lines)).toEqual(expected);
  });
});
