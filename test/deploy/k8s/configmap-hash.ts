import { createHash } from 'node:crypto';

/**
 * Go's json.Marshal, which kustomize hashes: map keys sorted, and `<`, `>`, `&`, U+2028, U+2029 escaped as \uXXXX.
 * Valid only for the strings and string maps of a ConfigMap.
 */
function goJson(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[<>&\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${goJson(k)}:${goJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`cannot hash ${typeof value}`);
}

/**
 * The name suffix kustomize v5 gives a generated ConfigMap: sha256 of {"data","kind","name"}, its first 10 hex digits
 * with 0 1 3 a e replaced by g h k m t. The name hashed is empty: kustomize looks `metadata/name` up as one field name,
 * finds nothing and hashes "" (so two ConfigMaps with the same data get the same suffix).
 */
export function configMapHashSuffix(data: Record<string, string>): string {
  const hex = createHash('sha256')
    .update(goJson({ data, kind: 'ConfigMap', name: '' }))
    .digest('hex');
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}
