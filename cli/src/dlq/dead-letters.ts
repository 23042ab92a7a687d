import { DeadLetterEntry } from '@daytwo/core';

export type DeadLetterSourceKind = 'kafka' | 'es';

/** A dead-letter entry as the CLI shows it, from the dead-letter topic or the Elasticsearch dead-letter index. */
export interface StoredDeadLetter {
  /** `kafka:<partition>:<offset>` on the dead-letter topic, or `es:<document id>`. */
  id: string;
  store: DeadLetterSourceKind;
  /** Undefined when the stored value is not a dead-letter entry at all. */
  entry: DeadLetterEntry | undefined;
  /** Why `entry` is undefined. */
  unreadable?: string;
  /** Extra fields of the index documents: error_type, status, target_index. */
  extra?: Record<string, unknown>;
  /** When it was dead-lettered (ISO). */
  time: string;
}

export const UNREADABLE_REASON = '(unreadable entry)';

export function reasonOf(d: StoredDeadLetter): string {
  return d.entry?.reason ?? UNREADABLE_REASON;
}

export function stageOf(d: StoredDeadLetter): string {
  return d.entry?.stage ?? '';
}

/** Parses a stored value (JSON text or object) into an entry, or says why it is none. */
export function parseStoredEntry(value: unknown): { entry?: DeadLetterEntry; unreadable?: string } {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return { unreadable: 'not JSON' };
    }
  }
  const result = DeadLetterEntry.safeParse(parsed);
  if (result.success) return { entry: result.data };
  const issue = result.error.issues[0];
  return { unreadable: `not a dead-letter entry (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})` };
}

export interface DeadLetterFilter {
  reason?: string | undefined;
  stage?: string | undefined;
}

export function matches(d: StoredDeadLetter, filter: DeadLetterFilter): boolean {
  return (
    (filter.reason === undefined || reasonOf(d) === filter.reason) &&
    (filter.stage === undefined || stageOf(d) === filter.stage)
  );
}

export interface ReasonSummary {
  store: DeadLetterSourceKind;
  stage: string;
  reason: string;
  count: number;
  latest: string;
}

/** Entries counted by store, stage and reason, most frequent first. */
export function summarize(entries: readonly StoredDeadLetter[]): ReasonSummary[] {
  const groups = new Map<string, ReasonSummary>();
  for (const d of entries) {
    const key = JSON.stringify([d.store, stageOf(d), reasonOf(d)]);
    const group = groups.get(key);
    if (group) {
      group.count++;
      if (d.time > group.latest) group.latest = d.time;
    } else groups.set(key, { store: d.store, stage: stageOf(d), reason: reasonOf(d), count: 1, latest: d.time });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
