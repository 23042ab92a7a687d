import type { MultilineRule } from './rules/rule';

/** Not searched yet in the current buffer. */
const UNKNOWN = -2;
/** No more occurrences in the current buffer. */
const NONE = -1;

/**
 * Tells, from a message's bytes, that no rule can start an event with it (the rules' start hints): such a line passes
 * the merger untouched and need not be decoded into a string. The needles are searched natively, once per occurrence
 * in the buffer rather than once per line: messages must be asked about in increasing position, and `reset` called
 * whenever the buffer or its content changes.
 */
export class StartFilter {
  private readonly firstBytes = new Uint8Array(256);
  private readonly prefixes: Buffer[];
  private readonly needles: Buffer[];
  private readonly next: Int32Array;

  private constructor(prefixes: readonly string[], needles: readonly string[]) {
    this.prefixes = [...new Set(prefixes)].filter((p) => p.length > 0).map((p) => Buffer.from(p, 'latin1'));
    this.needles = [...new Set(needles)].filter((n) => n.length > 0).map((n) => Buffer.from(n, 'latin1'));
    for (const prefix of this.prefixes) this.firstBytes[prefix[0]!] = 1;
    this.next = new Int32Array(this.needles.length).fill(UNKNOWN);
  }

  /** The filter of `rules`, or undefined when a rule has no start hint (each line must then be tried). */
  static of(rules: readonly MultilineRule[]): StartFilter | undefined {
    if (rules.some((r) => r.startHint === undefined)) return undefined;
    const hints = rules.map((r) => r.startHint!);
    const ascii = (s: string) => /^[\x20-\x7e\t]+$/.test(s);
    const prefixes = hints.flatMap((h) => h.prefixes);
    const needles = hints.flatMap((h) => h.contains);
    if (![...prefixes, ...needles].every(ascii)) return undefined;
    return new StartFilter(prefixes, needles);
  }

  /** The next messages are in a new buffer, or the same buffer with new content. */
  reset(): void {
    this.next.fill(UNKNOWN);
  }

  /** False when no rule can start an event with the message `buffer[start, end)`. */
  mayStart(buffer: Buffer, start: number, end: number): boolean {
    if (start < end && this.firstBytes[buffer[start]!] === 1) {
      for (const prefix of this.prefixes) if (hasAt(buffer, start, end, prefix)) return true;
    }
    for (let k = 0; k < this.needles.length; k++) {
      let at = this.next[k]!;
      if (at !== NONE && at < start) this.next[k] = at = buffer.indexOf(this.needles[k]!, start);
      if (at >= 0 && at + this.needles[k]!.length <= end) return true;
    }
    return false;
  }
}

function hasAt(buffer: Buffer, start: number, end: number, prefix: Buffer): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buffer[start + i] !== prefix[i]) return false;
  return true;
}
