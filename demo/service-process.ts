import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_NODE_ARGS } from '@daytwo/core';
import { REPO_ROOT, type ServiceName } from './run-settings';

/** A service did not start, or died. */
export class ServiceStartError extends Error {
  override name = 'ServiceStartError';
}

/** The environment of a service: ours, without what would override its config file. */
function serviceEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'DAYTWO_CONFIG' || key.startsWith('DAYTWO__') || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return env;
}

/**
 * One service as a child process, `node services/<name>/dist/main.js --config <file>`, its output in `logFile`. It
 * runs in a process group of its own, so a Ctrl-C in the terminal reaches only the runner, which stops the services
 * in pipeline order (a second signal would make a service exit at once, without draining).
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  private exitedPromise: Promise<number | null> | undefined;
  private portValue: number | undefined;
  private readonly tail: string[] = [];
  /** Called once if the service exits while it should be running. */
  onUnexpectedExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | undefined;
  private stopping = false;

  constructor(
    readonly service: ServiceName,
    readonly configFile: string,
    readonly logFile: string,
  ) {}

  get port(): number | undefined {
    return this.portValue;
  }

  get url(): string {
    return `http://127.0.0.1:${this.portValue ?? 0}`;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  lastLines(n = 20): string {
    return this.tail.slice(-n).join('\n');
  }

  /** Starts the process and waits for its telemetry server (the port it bound is in its log). */
  async start(timeoutMs = 90_000): Promise<void> {
    const main = join(REPO_ROOT, 'services', this.service, 'dist', 'main.js');
    if (!existsSync(main)) throw new ServiceStartError(`${main} is missing: build first (npx tsc -b)`);
    this.log = createWriteStream(this.logFile, { flags: 'w' });
    // The V8 flags the container image runs every service with.
    const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, main, '--config', this.configFile], {
      cwd: REPO_ROOT,
      env: serviceEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    this.exitedPromise = new Promise((done) =>
      child.once('exit', (code, signal) => {
        if (!this.stopping) this.onUnexpectedExit?.(code, signal);
        done(code);
      }),
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    }
    const deadline = Date.now() + timeoutMs;
    while (this.portValue === undefined) {
      if (!this.alive) throw new ServiceStartError(`${this.service} exited during start:\n${this.lastLines()}`);
      if (Date.now() > deadline) throw new ServiceStartError(`${this.service} did not start within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  private onLine(line: string): void {
    this.log?.write(`${line}\n`);
    this.tail.push(line);
    if (this.tail.length > 50) this.tail.shift();
    if (this.portValue === undefined && line.includes('telemetry server listening')) {
      try {
        const port = (JSON.parse(line) as { port?: unknown }).port;
        if (typeof port === 'number') this.portValue = port;
      } catch {
        // not a JSON log line
      }
    }
  }

  /** Waits until /readyz answers 200. */
  async waitReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    for (;;) {
      if (!this.alive) throw new ServiceStartError(`${this.service} exited:\n${this.lastLines()}`);
      try {
        const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(3_000) });
        if (response.status === 200) return;
        last = `${response.status} ${(await response.text()).slice(0, 300)}`;
      } catch (err) {
        last = (err as Error).message;
      }
      if (Date.now() > deadline) {
        throw new ServiceStartError(`${this.service} not ready within ${timeoutMs} ms (/readyz: ${last})`);
      }
      await sleep(500);
    }
  }

  /** SIGTERM (the service drains and commits), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && this.alive) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await this.exitedPromise;
      clearTimeout(timer);
    }
    const log = this.log;
    this.log = undefined;
    if (log) await new Promise<void>((done) => log.end(done));
  }

  /** For process exit: no waiting. */
  killNow(): void {
    this.stopping = true;
    if (this.alive) this.child!.kill('SIGKILL');
  }
}
