import { recordId } from '@daytwo/core';
import type { PipelineKind } from './definition';

/** Separates an original id from the part that tells derived records apart. */
export const DERIVED_ID_SEPARATOR = '#';

/** The id of a record: `event.id` of a log record, `id` of a metric sample. */
export function recordIdOf(kind: PipelineKind, record: unknown): string | undefined {
  const id = recordId(kind, record);
  return id === undefined || id === '' ? undefined : id;
}

/**
 * The id of a record derived from another one (fan-out): `<originalId>#<part>`, where `part` says which derived record
 * it is (its index, or a stable name such as `request` / `response`). The same input must always yield the same ids,
 * so a redelivered record overwrites its earlier copies instead of duplicating them. Never use a random or time-based
 * part.
 */
export function deriveRecordId(originalId: string, part: string | number): string {
  return `${originalId}${DERIVED_ID_SEPARATOR}${part}`;
}

/** The ids a derived id may come from, longest first: `a#1#x` → `a#1`, `a`. */
export function* ancestorIds(id: string): Generator<string> {
  let end = id.lastIndexOf(DERIVED_ID_SEPARATOR);
  while (end > 0) {
    yield id.slice(0, end);
    end = id.lastIndexOf(DERIVED_ID_SEPARATOR, end - 1);
  }
}
