import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A private redis-server for tests that restart Redis (the shared one on 6379 must stay up): a free port, a temporary
 * directory and an append-only file fsynced on every write, so a clean `SHUTDOWN` and start keep every key.
 */
export class RedisServerProcess {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<RedisServerProcess> {
    const server = new RedisServerProcess(await freePort(), mkdtempSync(join(tmpdir(), 'daytwo-redis-')));
    await server.launch();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** `redis-cli shutdown`: Redis writes and fsyncs the append-only file, then exits. */
  async shutdown(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await run('redis-cli', ['-p', String(this.port), 'shutdown']).catch(() => undefined);
    await exited;
    this.child = undefined;
  }

  /** Starts again on the same port and directory (after `shutdown`). */
  async restart(): Promise<void> {
    await this.launch();
  }

  /** Stops the server by its PID (SIGTERM: Redis shuts down cleanly) and removes the directory. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    this.child = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir];
    args.push('--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no');
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await run('redis-cli', ['-p', String(this.port), 'ping']).then(
        (r) => r.stdout.trim() === 'PONG',
        () => false,
      );
      if (ok) return;
      if (this.child.exitCode !== null) throw new Error(`redis-server on ${this.port} exited (${this.child.exitCode})`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer PING`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
