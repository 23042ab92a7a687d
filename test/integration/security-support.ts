import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../..');

export type ServiceName = 'collector-logs' | 'collector-metrics' | 'processor' | 'sink' | 'alerter';

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A child process whose stdout and stderr are collected in memory. */
export class CollectedProcess {
  private readonly chunks: Buffer[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (c: Buffer) => this.chunks.push(c));
    child.stderr?.on('data', (c: Buffer) => this.chunks.push(c));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static spawn(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): CollectedProcess {
    return new CollectedProcess(spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  get output(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM by PID, SIGKILL after `graceMs`; resolves once it exited. */
  async stop(graceMs = 15_000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return;
    process.kill(pid, 'SIGTERM');
    const killed = setTimeout(() => {
      if (this.running) process.kill(pid, 'SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(killed);
  }
}

/** Polls `probe` until it is true; throws naming `what` after `timeoutMs` or when `alive()` turns false. */
export async function waitUntil(
  what: string,
  probe: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; alive?: () => boolean; details?: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await probe()) return;
    const details = () => (options.details ? `\n${options.details()}` : '');
    if (options.alive && !options.alive()) throw new Error(`${what}: the process exited${details()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${options.timeoutMs} ms${details()}`);
    await sleep(options.intervalMs ?? 250);
  }
}

/** The built entry point of a service. */
export function serviceMain(service: ServiceName): string {
  return join(REPO_ROOT, 'services', service, 'dist', 'main.js');
}

/**
 * Builds the services' dist (serialized with the other engineers' builds through the lock). Errors in files being
 * edited elsewhere do not stop tsc -b from emitting; a missing entry point does fail.
 */
export function buildServices(services: readonly ServiceName[]): void {
  const build = spawnSync(
    'flock',
    ['/tmp/daytwo-tsc.lock', 'npx', 'tsc', '-b', ...services.map((s) => `services/${s}`)],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 400_000,
    },
  );
  const missing = services.filter((s) => !existsSync(serviceMain(s)));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')}\n${build.stdout}${build.stderr}`);
}

/** A service on its built dist with only `env` (plus PATH/HOME) as environment: no DAYTWO__ overrides leak in. */
export function startServiceProcess(service: ServiceName, configFile: string, env: NodeJS.ProcessEnv = {}) {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };
  return CollectedProcess.spawn(process.execPath, [serviceMain(service), '--config', configFile], { ...base, ...env });
}
