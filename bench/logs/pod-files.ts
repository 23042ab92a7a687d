import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { criLine } from './cri-lines';

/** `<root>/bench_files-<i>_<uid>/app/0.log` for i < `count`, as kubelet lays out one container per pod. */
export function podLogPaths(root: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const uid = `0b5e7c1a-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const dir = join(root, `bench_files-${i}_${uid}`, 'app');
    mkdirSync(dir, { recursive: true });
    return join(dir, '0.log');
  });
}

/** Writes `lines` CRI lines to each of `paths` (created); returns the bytes written. */
export function writeInitialLines(paths: readonly string[], lines: number): number {
  let bytes = 0;
  const now = Date.now();
  paths.forEach((path, file) => {
    const fd = openSync(path, 'w');
    try {
      const perWrite = 2000;
      for (let seq = 0; seq < lines; seq += perWrite) {
        let text = '';
        for (let s = seq; s < Math.min(lines, seq + perWrite); s++) text += criLine(file * lines + s, now);
        bytes += writeSync(fd, text);
      }
    } finally {
      closeSync(fd);
    }
  });
  return bytes;
}

/**
 * Appends lines to some files at a steady total rate, as containers log: every `tickMs` the lines due since the start,
 * spread round-robin over the files (one write per file and tick).
 */
export class SteadyWriter {
  private readonly fds: number[];
  private readonly timer: NodeJS.Timeout;
  private readonly startedMs = performance.now();
  private next = 0;
  written = 0;

  constructor(
    paths: readonly string[],
    private readonly linesPerSecond: number,
    tickMs = 100,
  ) {
    this.fds = paths.map((p) => openSync(p, 'a'));
    this.timer = setInterval(() => this.tick(), tickMs);
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.startedMs) / 1000) * this.linesPerSecond) - this.written;
    if (due <= 0) return;
    const texts = this.fds.map(() => '');
    const now = Date.now();
    for (let i = 0; i < due; i++) {
      const file = this.next++ % this.fds.length;
      texts[file] += criLine(this.written + i, now);
    }
    texts.forEach((text, file) => {
      if (text !== '') writeSync(this.fds[file]!, text);
    });
    this.written += due;
  }

  /** Stops writing (again: nothing); `written` is final afterwards. */
  stop(): void {
    clearInterval(this.timer);
    for (const fd of this.fds.splice(0)) closeSync(fd);
  }
}
