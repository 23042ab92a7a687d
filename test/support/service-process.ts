import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from './wait-for';

export const SERVICE_NAMES = ['collector-logs', 'collector-metrics', 'processor', 'sink', 'alerter'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The built entry point of a service (`npx tsc -b` writes it). */
export function serviceMain(service: ServiceName): string {
  return join(REPO_ROOT, 'services', service, 'dist', 'main.js');
}

export class ServiceProcessError extends Error {
  override name = 'ServiceProcessError';
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcessOptions {
  service: ServiceName;
  /** Names this instance in logs and errors (several instances of one service may run). */
  instance: string;
  configPath: string;
  /** stdout and stderr of every run are appended here. */
  logPath: string;
  env?: NodeJS.ProcessEnv;
}

/** The environment of a child: the test's, without anything that would override the generated config file. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'DAYTWO_CONFIG' || key.startsWith('DAYTWO__') || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

const TAIL_LINES = 300;

/**
 * One service running as a real child process (`node services/<name>/dist/main.js --config <file>`). The telemetry
 * port is whatever the service bound (config port 0): read from its "telemetry server listening" log line. It can be
 * stopped (SIGTERM), killed (SIGKILL) and started again with the same config; every run's output goes to `logPath`.
 */
export class ServiceProcess {
  readonly exits: ServiceExit[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<ServiceExit> | undefined;
  private portValue: number | undefined;
  private readonly tail: string[] = [];
  private log: WriteStream | undefined;
  runs = 0;

  constructor(readonly options: ServiceProcessOptions) {}

  get name(): string {
    return this.options.instance;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get port(): number {
    if (this.portValue === undefined) throw new ServiceProcessError(`${this.name} has no telemetry port yet`);
    return this.portValue;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Spawns the process and waits until its telemetry server listens. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.alive) throw new ServiceProcessError(`${this.name} is already running`);
    const main = serviceMain(this.options.service);
    if (!existsSync(main)) throw new ServiceProcessError(`${main} is missing: build first (npx tsc -b)`);
    this.runs++;
    this.portValue = undefined;
    this.log ??= createWriteStream(this.options.logPath, { flags: 'a' });
    this.log.write(`----- run ${this.runs} of ${this.name} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [main, '--config', this.options.configPath], {
      cwd: REPO_ROOT,
      env: childEnv(this.options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((done) => {
      child.once('exit', (code, signal) => {
        const exit = { code, signal };
        this.exits.push(exit);
        this.log?.write(`----- ${this.name} exited: code ${code} signal ${signal}\n`);
        done(exit);
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    }
    await waitFor(
      () => {
        if (this.portValue !== undefined) return Promise.resolve(true);
        if (!this.alive) throw new ServiceProcessError(`${this.name} exited during start:\n${this.logTail(30)}`);
        return Promise.resolve(undefined);
      },
      { timeoutMs, intervalMs: 50, what: `${this.name} telemetry server` },
    );
  }

  private onLine(line: string): void {
    this.log?.write(`${line}\n`);
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    if (this.portValue === undefined && line.includes('telemetry server listening')) {
      try {
        const port = (JSON.parse(line) as { port?: unknown }).port;
        if (typeof port === 'number') this.portValue = port;
      } catch {
        // not a JSON log line
      }
    }
  }

  /** The last `n` lines the process wrote. */
  logTail(n = 50): string {
    return this.tail.slice(-n).join('\n');
  }

  /** Log lines (parsed pino JSON) of all runs, from the log file. */
  logEntries(): Record<string, unknown>[] {
    const text = existsSync(this.options.logPath) ? readFileSync(this.options.logPath, 'utf8') : '';
    return text.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  async get(path: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: await response.text() };
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        if (!this.alive) throw new ServiceProcessError(`${this.name} exited:\n${this.logTail(30)}`);
        return (await this.get('/readyz')).status === 200 ? true : undefined;
      },
      { timeoutMs, intervalMs: 200, what: `${this.name} /readyz` },
    );
  }

  /** The sum of a metric's samples whose labels include `labels`, from /metrics. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const { body } = await this.get('/metrics');
    let sum = 0;
    for (const line of body.split('\n')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
      if (match?.[1] !== name) continue;
      const text = match[2] ?? '';
      if (Object.entries(labels).every(([k, v]) => text.includes(`${k}="${v}"`))) sum += Number(match[3]);
    }
    return sum;
  }

  /** Resident set size in KiB (VmRSS of /proc/<pid>/status); undefined when not running. */
  rssKiB(): number | undefined {
    if (!this.alive || this.pid === undefined) return undefined;
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** SIGKILL: no shutdown steps run, nothing is drained or committed. */
  async kill9(): Promise<ServiceExit> {
    return this.signal('SIGKILL', 10_000);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<ServiceExit | undefined> {
    if (!this.alive) return undefined;
    try {
      return await this.signal('SIGTERM', timeoutMs);
    } catch {
      return this.kill9();
    }
  }

  private async signal(signal: NodeJS.Signals, timeoutMs: number): Promise<ServiceExit> {
    const exited = this.exited;
    if (!this.alive || exited === undefined) throw new ServiceProcessError(`${this.name} is not running`);
    this.child!.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ServiceProcessError(`${this.name} did not exit within ${timeoutMs} ms of ${signal}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the process without waiting (for `process.on('exit')`). */
  killNow(): void {
    if (this.alive) this.child!.kill('SIGKILL');
  }

  async closeLog(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    if (log) await new Promise<void>((resolve) => log.end(resolve));
  }
}

/**
 * Builds every project (`flock /tmp/daytwo-tsc.lock npx tsc -b`, serialized with the other engineers' builds).
 * Type errors in files under construction elsewhere do not stop the emit; `ok` says whether there were any.
 */
export async function buildDist(): Promise<{ ok: boolean; output: string }> {
  const child = spawn('flock', ['/tmp/daytwo-tsc.lock', 'npx', 'tsc', '-b'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { ok: code === 0, output };
}
