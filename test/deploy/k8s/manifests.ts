import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { kustomizeBuild } from './kustomize';
import { podTemplateOf, type K8sObject, type PodSpec } from './objects';

export const ROOT = join(__dirname, '..', '..', '..');
export const K8S_DIRS = ['base', 'overlays/dev', 'overlays/prod'] as const;
export const OVERLAYS = ['overlays/dev', 'overlays/prod'] as const;
export const SERVICES = ['collector-logs', 'collector-metrics', 'processor', 'sink', 'alerter'] as const;
export type Service = (typeof SERVICES)[number];
/** Every workload: the five services and the Job that creates the Kafka topics. */
export const WORKLOADS = [...SERVICES, 'create-topics'] as const;
export type Workload = (typeof WORKLOADS)[number];
export const SECRET_NAME = 'daytwo-credentials';
export const SECRET_DIR = '/run/secrets/daytwo';

const builds = new Map<string, K8sObject[]>();

/** `kustomize build k8s/<dir>`, once per test file (copies, so a test cannot change another's view). */
export function build(dir: string): K8sObject[] {
  if (!builds.has(dir)) builds.set(dir, kustomizeBuild(join(ROOT, 'k8s', dir)));
  return structuredClone(builds.get(dir)!);
}

export function findObject(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** The workload of each name: a DaemonSet, Deployments, a Job. */
export function workload(objects: readonly K8sObject[], name: Workload): K8sObject {
  const found = objects.find((o) => podTemplateOf(o) !== undefined && o.metadata.name === name);
  if (found === undefined) throw new Error(`no workload ${name}`);
  return found;
}

export function podSpec(objects: readonly K8sObject[], name: Workload): PodSpec {
  return podTemplateOf(workload(objects, name))!.spec;
}

export function configFile(service: Service): string {
  return readFileSync(join(ROOT, 'config', `${service}.yaml`), 'utf8');
}

/** The keys (and placeholder values) of k8s/base/secret.example.yaml. */
export function secretExample(): { object: K8sObject; values: Record<string, string> } {
  const object = parse(readFileSync(join(ROOT, 'k8s', 'base', 'secret.example.yaml'), 'utf8')) as K8sObject;
  return { object, values: object.stringData as Record<string, string> };
}
