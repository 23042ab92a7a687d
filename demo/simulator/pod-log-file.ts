import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface PodIdentity {
  namespace: string;
  pod: string;
  container: string;
}

/** CRI time stamps carry nanoseconds; a counter keeps lines written within one millisecond in order. */
function criTime(ms: number, seq: number): string {
  const iso = new Date(ms).toISOString(); // 2025-01-01T00:00:00.000Z
  return `${iso.slice(0, 23)}${String(seq % 1_000_000).padStart(6, '0')}Z`;
}

/**
 * The log file kubelet would have for one container: `<root>/<namespace>_<pod>_<uid>/<container>/0.log`, in the CRI
 * format containerd writes (`<time> <stream> F <line>`). Each physical line of a multi-line message (a stack trace) is
 * a line of its own, as a container runtime writes it: joining them again is the collector's job.
 */
export class PodLogFile {
  readonly uid = randomUUID();
  readonly path: string;
  private seq = 0;

  constructor(
    root: string,
    readonly identity: PodIdentity,
  ) {
    const dir = join(root, `${identity.namespace}_${identity.pod}_${this.uid}`, identity.container);
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, '0.log');
  }

  /** Appends messages (each may hold newlines) written at `ms`, stdout or stderr, in one write. */
  write(messages: readonly string[], ms: number, stream: 'stdout' | 'stderr' = 'stdout'): void {
    if (messages.length === 0) return;
    const lines: string[] = [];
    for (const message of messages) {
      for (const line of message.split('\n')) lines.push(`${criTime(ms, this.seq++)} ${stream} F ${line}\n`);
    }
    appendFileSync(this.path, lines.join(''));
  }
}
