import { EventEmitter } from 'node:events';
import pino from 'pino';
import { Lifecycle } from './lifecycle';
import type { ShutdownPhase } from './lifecycle';

function setup(timeoutMs = 1000) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) },
  );
  const exits: number[] = [];
  const events = new EventEmitter();
  const lifecycle = new Lifecycle({ logger, timeoutMs, events, exit: (code) => exits.push(code) }).install();
  return { lifecycle, events, exits, lines };
}

type StepSpec = [name: string, outcome: 'ok' | 'throws' | 'hangs', phase?: ShutdownPhase];

describe('Lifecycle.shutdown', () => {
  it.each<[string, StepSpec[], number, string[]]>([
    ['no steps', [], 0, []],
    [
      'in order',
      [
        ['intake', 'ok'],
        ['drain', 'ok'],
        ['commit', 'ok'],
        ['close', 'ok'],
      ],
      0,
      ['intake', 'drain', 'commit', 'close'],
    ],
    [
      'final steps after main ones',
      [
        ['telemetry', 'ok', 'final'],
        ['intake', 'ok'],
        ['close', 'ok'],
      ],
      0,
      ['intake', 'close', 'telemetry'],
    ],
    [
      'a failing step does not stop the rest',
      [
        ['drain', 'throws'],
        ['close', 'ok'],
      ],
      1,
      ['drain', 'close'],
    ],
    [
      'a hanging step times out',
      [
        ['drain', 'hangs'],
        ['close', 'ok'],
      ],
      1,
      ['drain'],
    ],
  ])('%s', async (_name, specs, expectedCode, expectedRan) => {
    const { lifecycle, exits } = setup(50);
    const ran: string[] = [];
    for (const [name, outcome, phase] of specs) {
      lifecycle.addStep(
        name,
        async () => {
          ran.push(name);
          await Promise.resolve();
          if (outcome === 'throws') throw new Error(`${name} failed`);
          if (outcome === 'hangs') await new Promise(() => {});
        },
        phase,
      );
    }
    expect(await lifecycle.shutdown('test')).toBe(expectedCode);
    expect(ran).toEqual(expectedRan);
    expect(exits).toEqual([expectedCode]);
  });

  it('runs the steps once however often it is asked', async () => {
    const { lifecycle, exits } = setup();
    let runs = 0;
    lifecycle.addStep('count', () => void runs++);
    const codes = await Promise.all([lifecycle.shutdown('a'), lifecycle.shutdown('b')]);
    expect(codes).toEqual([0, 0]);
    expect(runs).toBe(1);
    expect(exits).toEqual([0]);
  });

  it.each<[string, 'ok' | 'throws']>([
    ['steps succeed', 'ok'],
    ['a step fails', 'throws'],
  ])('a shutdown on failure runs the steps and exits 1 when the %s', async (_name, outcome) => {
    const { lifecycle, exits } = setup();
    const ran: string[] = [];
    lifecycle.addStep('commit', () => {
      ran.push('commit');
      if (outcome === 'throws') throw new Error('commit failed');
    });
    expect(await lifecycle.shutdown('consumer stopped for good', { failure: true })).toBe(1);
    expect(ran).toEqual(['commit']);
    expect(exits).toEqual([1]);
  });
});

describe('Lifecycle events', () => {
  it.each(['SIGTERM', 'SIGINT'])('%s starts the shutdown', async (signal) => {
    const { lifecycle, events, exits } = setup();
    const ran: string[] = [];
    lifecycle.addStep('close', () => void ran.push('close'));
    events.emit(signal, signal);
    expect(lifecycle.isStopping).toBe(true);
    await lifecycle.shutdown('wait');
    expect(ran).toEqual(['close']);
    expect(exits).toEqual([0]);
  });

  it('a second signal exits 1 at once', () => {
    const { lifecycle, events, exits, lines } = setup();
    lifecycle.addStep('drain', () => new Promise(() => {}));
    events.emit('SIGTERM', 'SIGTERM');
    events.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([1]);
    expect(lines.map((l) => l['msg'])).toContain('second signal during shutdown: exiting now');
  });

  it.each([
    ['uncaughtException', new Error('boom')],
    ['unhandledRejection', new Error('rejected')],
  ])('%s is logged as fatal and exits 1 without running steps', (event, error) => {
    const { lifecycle, events, exits, lines } = setup();
    let ran = false;
    lifecycle.addStep('commit', () => void (ran = true));
    events.emit(event, error);
    expect(exits).toEqual([1]);
    expect(ran).toBe(false);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 60, err: expect.objectContaining({ message: error.message }) }),
    );
  });

  it('uninstall stops listening', () => {
    const { lifecycle, events, exits } = setup();
    lifecycle.uninstall();
    events.emit('uncaughtException', new Error('x'));
    expect(exits).toEqual([]);
    expect(events.listenerCount('SIGTERM')).toBe(0);
  });
});
