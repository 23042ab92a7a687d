/** A compact envelope that cannot be expanded (decodeEnvelope rethrows it as an EnvelopeError). */
export class LogRowsError extends Error {
  override name = 'LogRowsError';
}

/** A row field (`log.offset`) split into its path. */
export interface RowFieldPath {
  name: string;
  segments: readonly string[];
}

// Setting these from received data would reach into prototypes.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

export function compileRowFields(fields: readonly unknown[]): RowFieldPath[] {
  return fields.map((field) => {
    if (typeof field !== 'string') throw new LogRowsError('row field names must be strings');
    const segments = field.split('.');
    if (segments.some((s) => s === '' || FORBIDDEN_SEGMENTS.has(s))) {
      throw new LogRowsError(`row field ${JSON.stringify(field)} is not a usable path`);
    }
    return { name: field, segments };
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // JSON.parse makes `__proto__` an own data property; plain assignment would set the prototype instead.
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A deep copy of parsed JSON: every record gets objects of its own (processors change records in place). */
export function cloneJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, cloneJson((value as Record<string, unknown>)[key]));
  return out;
}

/** The record of one row: a copy of `common` with the row's values set at the field paths (null: left out). */
export function expandLogRow(common: unknown, fields: readonly RowFieldPath[], row: unknown): Record<string, unknown> {
  if (!Array.isArray(row)) throw new LogRowsError('a row is not an array');
  if (row.length > fields.length) throw new LogRowsError(`a row has ${row.length} values for ${fields.length} fields`);
  const record = cloneJson(common) as Record<string, unknown>;
  for (let j = 0; j < row.length; j++) {
    const value: unknown = row[j];
    if (value === null) continue;
    const { name, segments } = fields[j]!;
    let target = record;
    for (let k = 0; k < segments.length - 1; k++) {
      const segment = segments[k]!;
      let next = target[segment];
      if (next === undefined) target[segment] = next = {};
      else if (!isPlainObject(next))
        throw new LogRowsError(`row field ${name} runs into a value that is not an object`);
      target = next as Record<string, unknown>;
    }
    target[segments[segments.length - 1]!] = value;
  }
  return record;
}

/** The records of a parsed compact envelope (`common`, `fields`, `rows`). */
export function expandLogRows(common: unknown, fields: unknown, rows: unknown): Record<string, unknown>[] {
  if (!isPlainObject(common)) throw new LogRowsError('envelope common part is not an object');
  if (!Array.isArray(fields)) throw new LogRowsError('envelope has no fields array');
  if (!Array.isArray(rows)) throw new LogRowsError('envelope has no rows array');
  const paths = compileRowFields(fields);
  return rows.map((row) => expandLogRow(common, paths, row));
}
