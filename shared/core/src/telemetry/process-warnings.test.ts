import { EventEmitter } from 'node:events';
import pino from 'pino';
import { dropKnownHarmlessWarnings, isKnownHarmlessWarning, routeProcessWarnings } from './process-warnings';

function warning(name: string, stack: string): Error {
  const w = new Error('a warning');
  w.name = name;
  w.stack = stack;
  return w;
}

const KAFKAJS_STACK =
  'TimeoutNegativeWarning: -1 is a negative number.\n    at setTimeout (node:timers:1)\n' +
  '    at RequestQueue.scheduleCheckPendingRequests (/app/node_modules/kafkajs/src/network/requestQueue/index.js:317:40)';

describe('process warnings', () => {
  it.each<[string, Error, boolean]>([
    ['kafkajs negative timeout', warning('TimeoutNegativeWarning', KAFKAJS_STACK), true],
    ['a negative timeout elsewhere', warning('TimeoutNegativeWarning', 'at /app/dist/mine.js:1:1'), false],
    ['another warning from kafkajs', warning('DeprecationWarning', KAFKAJS_STACK), false],
  ])('%s is known harmless: %s', (_name, w, expected) => {
    expect(isKnownHarmlessWarning(w)).toBe(expected);
  });

  it('logs other warnings as structured lines, drops the harmless one, and restores the previous listeners', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { base: null },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const proc = new EventEmitter() as unknown as NodeJS.Process;
    const previous = jest.fn();
    proc.on('warning', previous);
    routeProcessWarnings(pino({ enabled: false }), proc);
    const restore = routeProcessWarnings(logger, proc);
    expect(proc.listenerCount('warning')).toBe(1);
    proc.emit('warning', warning('TimeoutNegativeWarning', KAFKAJS_STACK));
    proc.emit('warning', warning('MaxListenersExceededWarning', 'at x'));
    expect(previous).not.toHaveBeenCalled();
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'process warning',
        warning: { name: 'MaxListenersExceededWarning', message: 'a warning' },
      }),
    ]);
    restore();
    proc.emit('warning', warning('X', 'at y'));
    expect(previous).toHaveBeenCalledTimes(1);
    expect(proc.listenerCount('warning')).toBe(1);
  });

  it('for command-line programs, keeps the previous printer for every warning but the harmless one', () => {
    const proc = new EventEmitter() as unknown as NodeJS.Process;
    const printer = jest.fn();
    proc.on('warning', printer);
    dropKnownHarmlessWarnings(proc);
    proc.emit('warning', warning('TimeoutNegativeWarning', KAFKAJS_STACK));
    const other = warning('DeprecationWarning', 'at x');
    proc.emit('warning', other);
    expect(printer.mock.calls).toEqual([[other]]);
  });
});
