import type { LogRecord, Workload } from '@daytwo/core';

/** Characters Kubernetes uses for generated name suffixes (no vowels, no 0/1/3, so they never spell words). */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const POD_SUFFIX = new RegExp(`-${SAFE}{5}$`);
const REPLICA_SET_HASH = new RegExp(`-${SAFE}{6,10}$`);

/** The workload a record belongs to, and the key detector state is kept under. */
export interface WorkloadIdentity {
  readonly key: string;
  readonly workload: Workload;
  readonly pod?: string;
}

/**
 * The owner name of a pod from its name alone: the random 5-character pod suffix removed, then the ReplicaSet's
 * pod-template hash when the rest still ends in one (`api-7d9c8b6f5d-x2x4q` → `api`, `agent-k8s2z` → `agent`).
 * Names without a generated suffix are kept (`web-0`, `etcd-node1`).
 */
export function ownerFromPodName(pod: string): string {
  if (!POD_SUFFIX.test(pod)) return pod;
  const withoutPod = pod.replace(POD_SUFFIX, '');
  return withoutPod.replace(REPLICA_SET_HASH, '') || withoutPod;
}

/**
 * `kubernetes.namespace` + `kubernetes.workload.name` when present, else the pod name without its generated
 * suffixes; records with neither are grouped by `event.dataset` (or `default`) in the empty namespace.
 */
export function workloadOf(record: LogRecord): WorkloadIdentity {
  const k8s = record.kubernetes;
  const namespace = k8s?.namespace ?? '';
  const pod = k8s?.pod?.name || undefined;
  const declared = k8s?.workload?.name;
  let workload: Workload;
  if (declared !== undefined && declared !== '') {
    workload = k8s?.workload?.kind
      ? { namespace, kind: k8s.workload.kind, name: declared }
      : { namespace, name: declared };
  } else if (pod !== undefined) {
    workload = { namespace, name: ownerFromPodName(pod) };
  } else {
    workload = { namespace, name: record.event.dataset || 'default' };
  }
  const key = `${workload.namespace}/${workload.name}`;
  return pod === undefined ? { key, workload } : { key, workload, pod };
}
