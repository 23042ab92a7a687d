/**
 * Dotted field paths over records (`kubernetes.pod.name`, `attributes.http.status`). Keys may contain dots themselves
 * (a parsed JSON body with a key "http.status"), so at every level the longest key that matches the remaining path
 * wins: `attributes.http.status` finds `{attributes: {"http.status": 200}}` as well as `{attributes: {http:
 * {status: 200}}}`.
 */
export type FieldPath = readonly string[];

export function parseFieldPath(path: string): FieldPath {
  return path.split('.');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lookup(value: unknown, segments: FieldPath, from: number): unknown {
  if (from === segments.length) return value;
  if (!isObject(value)) return undefined;
  for (let end = segments.length; end > from; end--) {
    const key = end - from === 1 ? segments[from]! : segments.slice(from, end).join('.');
    if (Object.hasOwn(value, key)) {
      const found = lookup(value[key], segments, end);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export function getField(record: unknown, path: FieldPath): unknown {
  return lookup(record, path, 0);
}

/**
 * A copy of `record` with `value` at `path` (plain nested keys, created as needed); only the objects on the path are
 * copied, the rest is shared. `undefined` removes the key.
 */
export function setField<T extends object>(record: T, path: FieldPath, value: unknown): T {
  const write = (node: unknown, depth: number): Record<string, unknown> => {
    const copy: Record<string, unknown> = isObject(node) ? { ...node } : {};
    const key = path[depth]!;
    if (depth === path.length - 1) {
      if (value === undefined) delete copy[key];
      else copy[key] = value;
    } else {
      copy[key] = write(copy[key], depth + 1);
    }
    return copy;
  };
  return write(record, 0) as T;
}

/** Scalars compare by their text form, so `status: 200` matches the logfmt string "200". */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}
