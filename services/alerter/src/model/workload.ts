import type { AnomalyEvent, Workload } from '@daytwo/core';

// Kubernetes generates name suffixes from this alphabet (no vowels, no 0/1/3), which keeps the guess below from
// cutting ordinary words off pod names.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{5,10}-${SAFE}{5}$`);
const GENERATED_POD = new RegExp(`^(.+)-${SAFE}{5}$`);
const STATEFUL_POD = /^(.+)-\d+$/;

const NAMESPACE_LABELS = ['namespace', 'kubernetes_namespace', 'exported_namespace'];
/** Labels naming the owning workload (kube-state-metrics and common relabelings), with the kind each implies. */
const WORKLOAD_LABELS: ReadonlyArray<[label: string, kind: string | undefined]> = [
  ['workload', undefined],
  ['workload_name', undefined],
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['cronjob', 'CronJob'],
  ['job_name', 'Job'],
];
const POD_LABELS = ['pod', 'pod_name', 'kubernetes_pod_name'];

function firstLabel(labels: Record<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** The workload a pod most likely belongs to, from its generated name. */
export function workloadFromPodName(pod: string): { name: string; kind?: string } {
  const deployment = DEPLOYMENT_POD.exec(pod);
  if (deployment?.[1]) return { name: deployment[1], kind: 'Deployment' };
  const stateful = STATEFUL_POD.exec(pod);
  if (stateful?.[1]) return { name: stateful[1], kind: 'StatefulSet' };
  const generated = GENERATED_POD.exec(pod);
  if (generated?.[1]) return { name: generated[1] };
  return { name: pod };
}

/** The pod an event is about: its own field, else a pod label of its series. */
export function podOf(event: AnomalyEvent): string | undefined {
  return event.pod ?? (event.series ? firstLabel(event.series.labels, POD_LABELS) : undefined);
}

/**
 * The workload an anomaly belongs to. Log events carry it from enrichment; metric events usually only have series
 * labels, so it is taken from workload labels, else guessed from the pod name. Events without any Kubernetes identity
 * get an empty namespace and are grouped by series name (or detector).
 */
export function workloadOf(event: AnomalyEvent): Workload {
  const labels = event.series?.labels ?? {};
  const namespace = event.workload?.namespace ?? firstLabel(labels, NAMESPACE_LABELS) ?? '';
  if (event.workload) return { ...event.workload, namespace };
  for (const [label, kind] of WORKLOAD_LABELS) {
    const name = labels[label];
    if (name !== undefined && name !== '') return kind ? { namespace, kind, name } : { namespace, name };
  }
  const pod = podOf(event);
  if (pod !== undefined) return { namespace, ...workloadFromPodName(pod) };
  return { namespace, name: event.series?.name ?? event.detector };
}

/** Grouping key: namespace and name only, because log and metric events may disagree on (or lack) the kind. */
export function workloadKey(workload: Workload): string {
  return `${workload.namespace}/${workload.name}`;
}
