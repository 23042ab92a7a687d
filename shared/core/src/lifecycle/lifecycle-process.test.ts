import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Real signals need a real process: the fixture is plain JS on the built package, built here if it is stale.
const root = join(__dirname, '../../../..');
const node = join(root, 'node_modules/.bin/node');
const fixture = join(__dirname, 'fixtures/shutdown-child.js');

beforeAll(() => {
  try {
    // Serialized: test files running in parallel workers would otherwise write dist at the same time.
    const tsc = join(root, 'node_modules/.bin/tsc');
    execFileSync('flock', ['/tmp/daytwo-core-build.lock', tsc, '-b', 'shared/core'], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    // Type errors elsewhere in the package (someone's work in progress) still emit; only a stale build is fatal.
    for (const module of ['lifecycle/lifecycle', 'telemetry/logger']) {
      const built = join(root, `shared/core/dist/${module}.js`);
      const source = join(root, `shared/core/src/${module}.ts`);
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) throw err;
    }
  }
}, 120_000);

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  ready: Promise<void>;
}

function start(scenario: string): Run {
  const child = spawn(node, [fixture, scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes('ready\n')) markReady();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited, ready };
}

const steps = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('step:'))
    .map((l) => l.slice('step:'.length));
const logs = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('shutdown in a real process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s runs every step in order and exits 0', async (signal) => {
    const run = start('ordered');
    await run.ready;
    run.child.kill(signal);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(steps(run.stderr())).toEqual(['stop intake', 'drain', 'commit', 'close']);
    expect(logs(run.stdout()).map((l) => l['msg'])).toEqual([
      'shutdown requested',
      'shutting down',
      'shutdown complete',
    ]);
  });

  it('exits 1 and names the stuck step when draining exceeds the timeout', async () => {
    const run = start('slow-drain');
    await run.ready;
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(steps(run.stderr())).toEqual(['stop intake', 'drain']);
    expect(logs(run.stdout())).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'shutdown timed out', step: 'drain', timeoutMs: 300 }),
    );
  });

  it('a second signal forces exit 1', async () => {
    const run = start('hang');
    await run.ready;
    run.child.kill('SIGTERM');
    // Wait until the first signal is being handled, so the second one is really "second".
    while (!steps(run.stderr()).includes('drain')) await new Promise((r) => setTimeout(r, 10));
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(steps(run.stderr())).toEqual(['stop intake', 'drain']);
    expect(logs(run.stdout())).toContainEqual(
      expect.objectContaining({ msg: 'second signal during shutdown: exiting now' }),
    );
  });

  it('an unhandled rejection is logged and exits 1 without running the steps', async () => {
    const run = start('crash');
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(steps(run.stderr())).toEqual([]);
    const fatal = logs(run.stdout()).find((l) => l['level'] === 'fatal');
    expect(fatal).toMatchObject({ err: { message: 'boom in handler' } });
  });
});
