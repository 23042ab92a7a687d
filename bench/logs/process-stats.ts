import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process (all its threads) in seconds, from /proc/<pid>/stat; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) may contain spaces: the fields after it start behind its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Peak resident set size (VmHWM) in MiB. */
export function peakRssMb(pid: number): number | undefined {
  return statusMb(pid, 'VmHWM');
}

/** Resident set size now (VmRSS) in MiB. */
export function rssMb(pid: number): number | undefined {
  return statusMb(pid, 'VmRSS');
}

/** A child the bench started; stopped by its PID only. */
export class BenchChild {
  /** Children not known to have exited: what an interrupted bench must stop. */
  static readonly live = new Set<BenchChild>();
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    BenchChild.live.add(this);
    this.exited = new Promise((resolve) => {
      process.once('exit', (code, signal) => {
        BenchChild.live.delete(this);
        this.exitCode = code ?? (signal === null ? null : -1);
        resolve(this.exitCode);
      });
      process.once('error', () => {
        BenchChild.live.delete(this);
        resolve(-1);
      });
    });
  }

  /** Starts `command`; its stdout and stderr go to `logPath`. */
  static start(name: string, command: string, args: readonly string[], logPath: string, env?: NodeJS.ProcessEnv) {
    const log = openSync(logPath, 'a');
    const options: SpawnOptions = { stdio: ['ignore', log, log], env: env ?? process.env };
    return new BenchChild(name, spawn(command, args, options));
  }

  get pid(): number {
    const pid = this.process.pid;
    if (pid === undefined) throw new Error(`${this.name} did not start`);
    return pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs = 20_000): Promise<number | null> {
    if (!this.running) return this.exitCode ?? null;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Stops every child still running (an interrupted bench). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...BenchChild.live].map((child) => child.stop(5000)));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `intervalMs` until it returns a value; throws after `timeoutMs` or when `alive` turns false. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs: number; alive?: () => boolean },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (options.alive && !options.alive()) throw new Error(`${what}: the process exited`);
    if (Date.now() > deadline) throw new Error(`${what}: timed out after ${options.timeoutMs} ms`);
    await sleep(options.intervalMs);
  }
}
