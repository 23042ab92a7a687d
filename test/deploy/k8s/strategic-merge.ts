import { isRecord } from './objects';

/**
 * Strategic merge patch as kustomize applies it, for the lists these manifests patch: maps merge key by key (`null`
 * deletes), lists with a merge key merge item by item (`$patch: delete` removes one), every other list is replaced.
 * Merged lists come out as kustomize writes them: the patch's items in the patch's order, then the untouched items.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};

export class StrategicMergeError extends Error {
  override name = 'StrategicMergeError';
}

function mergeKeyFor(path: readonly string[], kind: string): string | undefined {
  const field = path[path.length - 1];
  if (field === undefined) return undefined;
  if (field === 'ports') {
    if (path.includes('containers') || path.includes('initContainers')) return 'containerPort';
    return kind === 'Service' && path.length === 2 ? 'port' : undefined;
  }
  return MERGE_KEYS[field];
}

export function strategicMerge(target: unknown, patch: unknown, kind: string, path: string[] = []): unknown {
  if (Array.isArray(patch)) return mergeList(Array.isArray(target) ? target : [], patch, kind, path);
  if (!isRecord(patch)) return patch;
  if ('$patch' in patch) throw new StrategicMergeError(`${path.join('.')}: $patch outside a list is not supported`);
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = strategicMerge(out[key], value, kind, [...path, key]);
  }
  return out;
}

function mergeList(target: unknown[], patch: unknown[], kind: string, path: string[]): unknown[] {
  const key = mergeKeyFor(path, kind);
  if (key === undefined) return patch;
  const keyOf = (item: unknown, where: string): unknown => {
    if (!isRecord(item) || item[key] === undefined) {
      throw new StrategicMergeError(`${path.join('.')}: ${where} item without merge key ${key}`);
    }
    return item[key];
  };
  const patched = new Set(patch.map((item) => keyOf(item, 'patch')));
  const merged: unknown[] = [];
  for (const item of patch as Record<string, unknown>[]) {
    const existing = target.find((t) => keyOf(t, 'target') === item[key]);
    const directive = item['$patch'];
    if (directive === 'delete') continue;
    if (directive !== undefined)
      throw new StrategicMergeError(`${path.join('.')}: $patch: ${JSON.stringify(directive)} is not supported`);
    merged.push(existing === undefined ? item : strategicMerge(existing, item, kind, path));
  }
  return [...merged, ...target.filter((t) => !patched.has(keyOf(t, 'target')))];
}
