import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { configMapHashSuffix } from './configmap-hash';
import { isRecord, podTemplateOf, type K8sObject, type PodSpec } from './objects';
import { strategicMerge } from './strategic-merge';

/**
 * An offline `kustomize build` for the features k8s/ and config/ use: resources (files and directories), namespace,
 * labels (metadata only), configMapGenerator (files, with kustomize's hash suffix and the references to it renamed),
 * strategic-merge patches found by kind and name, and images. Anything else in a kustomization is refused, so nothing
 * is silently rendered differently; the tests compare the result with the real kustomize when kubectl is at hand.
 */
export class KustomizeError extends Error {
  override name = 'KustomizeError';
}

interface Kustomization {
  namespace?: string;
  resources?: string[];
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  configMapGenerator?: { name: string; files: string[] }[];
  patches?: { path: string }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'labels',
  'configMapGenerator',
  'patches',
  'images',
]);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
]);

interface Built {
  objects: K8sObject[];
  /** Generated ConfigMaps: name in the kustomizations → name with the hash suffix. */
  renames: Map<string, string>;
}

export function kustomizeBuild(dir: string): K8sObject[] {
  return build(resolve(dir)).objects;
}

function build(dir: string): Built {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new KustomizeError(`${dir}: no kustomization.yaml`);
  const k = parse(readFileSync(file, 'utf8')) as Kustomization & Record<string, unknown>;
  const unknown = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0) throw new KustomizeError(`${file}: unsupported fields ${unknown.join(', ')}`);

  const objects: K8sObject[] = [];
  const renames = new Map<string, string>();
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (statSync(path).isDirectory()) {
      const sub = build(path);
      objects.push(...sub.objects);
      for (const [from, to] of sub.renames) renames.set(from, to);
    } else {
      objects.push(...readObjects(within(dir, path, 'resource')));
    }
  }
  const generated = (k.configMapGenerator ?? []).map((g) => generateConfigMap(dir, g));
  objects.push(...generated);

  for (const { path } of k.patches ?? []) {
    for (const patch of readObjects(within(dir, resolve(dir, path), 'patch'))) applyPatch(objects, patch, renames);
  }
  if (k.namespace !== undefined) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  }
  for (const { pairs, includeSelectors, includeTemplates } of k.labels ?? []) {
    if (includeSelectors || includeTemplates)
      throw new KustomizeError(`${file}: labels only on metadata are supported`);
    for (const o of objects) o.metadata.labels = { ...o.metadata.labels, ...pairs };
  }
  for (const image of k.images ?? []) setImage(objects, image);
  for (const cm of generated) {
    const hashed = `${cm.metadata.name}-${configMapHashSuffix(cm.data as Record<string, string>)}`;
    renames.set(cm.metadata.name, hashed);
    cm.metadata.name = hashed;
  }
  for (const o of objects) renameConfigMapReferences(o, renames);
  return { objects, renames };
}

/** kustomize's load restrictor: a kustomization reads files only in or below its own directory. */
function within(dir: string, path: string, what: string): string {
  const rel = relative(dir, path);
  if (rel.startsWith('..') || rel.startsWith(sep)) throw new KustomizeError(`${what} ${path} is outside ${dir}`);
  return path;
}

function readObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

function generateConfigMap(dir: string, g: { name: string; files: string[] }): K8sObject {
  const data: Record<string, string> = {};
  for (const entry of g.files) {
    const [key, path] = entry.includes('=') ? entry.split('=', 2) : [basename(entry), entry];
    data[key!] = readFileSync(within(dir, resolve(dir, path!), 'configMapGenerator file'), 'utf8');
  }
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name }, data };
}

function applyPatch(objects: K8sObject[], patch: K8sObject, renames: Map<string, string>): void {
  const name = renames.get(patch.metadata.name) ?? patch.metadata.name;
  const index = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === name);
  if (index < 0) throw new KustomizeError(`patch ${patch.kind}/${patch.metadata.name} matches no resource`);
  const patched = strategicMerge(objects[index], { ...patch, metadata: { ...patch.metadata, name } }, patch.kind);
  objects[index] = patched as K8sObject;
}

function setImage(objects: K8sObject[], image: { name: string; newName?: string; newTag?: string }): void {
  for (const o of objects) {
    const spec = podTemplateOf(o)?.spec;
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
      const match = /^([^@:]+(?::\d+\/[^@:]+)?)(?::([^@]+))?$/.exec(c.image ?? '');
      if (!match || match[1] !== image.name) continue;
      c.image = `${image.newName ?? image.name}${(image.newTag ?? match[2]) ? `:${image.newTag ?? match[2]}` : ''}`;
    }
  }
}

function renameConfigMapReferences(object: K8sObject, renames: Map<string, string>): void {
  const spec: PodSpec | undefined = podTemplateOf(object)?.spec;
  if (spec === undefined) return;
  const rename = (ref: unknown) => {
    if (isRecord(ref) && typeof ref.name === 'string') ref.name = renames.get(ref.name) ?? ref.name;
  };
  for (const v of spec.volumes ?? []) {
    rename(v.configMap);
    for (const source of (v.projected as { sources?: { configMap?: unknown }[] } | undefined)?.sources ?? []) {
      rename(source.configMap);
    }
  }
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const e of c.env ?? []) rename((e.valueFrom as { configMapKeyRef?: unknown } | undefined)?.configMapKeyRef);
    for (const e of (c.envFrom as { configMapRef?: unknown }[] | undefined) ?? []) rename(e.configMapRef);
  }
}
