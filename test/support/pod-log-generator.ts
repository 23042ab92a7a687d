import { randomUUID } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdirSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEvent, LogStream } from './log-events';

export type ContainerLogFormat = 'cri' | 'docker';

/** A logical line that was written, with where it was written: what the pipeline must deliver exactly once. */
export interface WrittenEvent {
  event: LogEvent;
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  format: ContainerLogFormat;
}

/**
 * A `/var/log/pods`-shaped directory: `<root>/<namespace>_<pod>_<uid>/<container>/<restart>.log`, written the way
 * containerd (CRI) and Docker's json-file driver write, rotated the way kubelet (rename + create) and logrotate
 * (copytruncate) rotate. Every logical line written is kept in `written`.
 */
export class PodLogTree {
  readonly written: WrittenEvent[] = [];

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  pod(namespace: string, name: string, uid: string = randomUUID()): PodLogs {
    return new PodLogs(this, namespace, name, uid);
  }

  /** The written events of one namespace. */
  writtenIn(namespace: string): WrittenEvent[] {
    return this.written.filter((w) => w.namespace === namespace);
  }
}

export class PodLogs {
  readonly dir: string;

  constructor(
    readonly tree: PodLogTree,
    readonly namespace: string,
    readonly name: string,
    readonly uid: string,
  ) {
    this.dir = join(tree.root, `${namespace}_${name}_${uid}`);
    mkdirSync(this.dir, { recursive: true });
  }

  container(name: string, format: ContainerLogFormat, restartCount = 0): ContainerLog {
    return new ContainerLog(this, name, format, restartCount);
  }

  /** The pod is gone: kubelet removes its whole log directory. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Kubelet's rotated-file suffix is a time stamp; a counter keeps two rotations within one second apart. */
let rotationCounter = 0;
function rotationSuffix(): string {
  const at = new Date(Date.UTC(2024, 0, 1) + ++rotationCounter * 1000);
  const iso = at.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

export class ContainerLog {
  readonly dir: string;
  readonly path: string;
  private copies = 0;

  constructor(
    readonly pod: PodLogs,
    readonly name: string,
    readonly format: ContainerLogFormat,
    readonly restartCount: number,
  ) {
    this.dir = join(pod.dir, name);
    mkdirSync(this.dir, { recursive: true });
    this.path = join(this.dir, `${restartCount}.log`);
  }

  /** Writes one logical line (all its physical lines, each split in `event.parts` parts) and records it. */
  write(event: LogEvent, at: Date = new Date()): void {
    const physical: Buffer[] = [];
    for (const line of event.lines) physical.push(...this.encode(line, event.stream, event.parts, at));
    appendFileSync(this.path, Buffer.concat(physical));
    const { pod } = this;
    pod.tree.written.push({
      event,
      namespace: pod.namespace,
      pod: pod.name,
      uid: pod.uid,
      container: this.name,
      format: this.format,
    });
  }

  /** Bytes as they are: garbage no runtime would write, or a line with a chosen time stamp. Not recorded. */
  writeRaw(bytes: Buffer | string): void {
    appendFileSync(this.path, bytes);
  }

  /** One physical line in this file's format (CRI or json-file), e.g. to control its time stamp. Not recorded. */
  physicalLine(content: string | Buffer, stream: LogStream, at: Date): Buffer {
    return this.encode(content, stream, 1, at)[0]!;
  }

  /** Kubelet: the live file is renamed to `<restart>.log.<yyyymmdd-hhmmss>`; the next write creates a new one. */
  rotateRename(): string {
    const rotated = `${this.path}.${rotationSuffix()}`;
    renameSync(this.path, rotated);
    return rotated;
  }

  /** logrotate copytruncate: the live file is copied to `<restart>.log.<n>` and truncated in place. */
  rotateCopyTruncate(): string {
    const copy = `${this.path}.${++this.copies}`;
    copyFileSync(this.path, copy);
    truncateSync(this.path, 0);
    return copy;
  }

  private encode(content: string | Buffer, stream: LogStream, parts: number, at: Date): Buffer[] {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    const time = at.toISOString().replace('Z', '000000Z');
    const pieces = splitInParts(bytes, parts);
    return pieces.map((piece, i) => {
      const last = i === pieces.length - 1;
      if (this.format === 'cri') {
        return Buffer.concat([Buffer.from(`${time} ${stream} ${last ? 'F' : 'P'} `), piece, Buffer.from('\n')]);
      }
      // json-file: a line Docker split has no trailing newline in `log`.
      const log = piece.toString('utf8') + (last ? '\n' : '');
      return Buffer.from(`${JSON.stringify({ log, stream, time })}\n`);
    });
  }
}

/** Cuts `bytes` into `parts` pieces of about equal size, never inside a UTF-8 character. */
function splitInParts(bytes: Buffer, parts: number): Buffer[] {
  if (parts <= 1 || bytes.length < parts) return [bytes];
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 1; i < parts; i++) {
    let cut = Math.round((bytes.length * i) / parts);
    while (cut > start && (bytes[cut]! & 0xc0) === 0x80) cut--;
    out.push(bytes.subarray(start, cut));
    start = cut;
  }
  out.push(bytes.subarray(start));
  return out;
}

export interface LogFlowOptions {
  /** Written round-robin, one event at a time; `beforeTick` may change the array (a removed pod's container). */
  targets: ContainerLog[];
  next: () => LogEvent;
  total: number;
  perTick: number;
  tickMs: number;
  /** Runs before each tick with the number of events written so far: rotate, remove a pod, change targets... */
  beforeTick?: (written: number) => void;
}

/** Writes events in the background, `perTick` every `tickMs`, until `total` (or `stop()`): lines flowing. */
export class LogFlow {
  written = 0;
  readonly done: Promise<void>;
  private stopped = false;

  constructor(private readonly options: LogFlowOptions) {
    this.done = this.run();
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(): Promise<void> {
    const { targets, total, perTick, tickMs } = this.options;
    let turn = 0;
    while (!this.stopped && this.written < total) {
      this.options.beforeTick?.(this.written);
      const n = Math.min(perTick, total - this.written);
      for (let i = 0; i < n; i++) {
        targets[turn++ % targets.length]!.write(this.options.next());
        this.written++;
      }
      await new Promise((resolve) => setTimeout(resolve, tickMs));
    }
  }
}
