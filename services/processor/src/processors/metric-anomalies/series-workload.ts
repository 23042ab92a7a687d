import type { Workload } from '@daytwo/core';
import { ownerFromPodName } from '../../anomaly/logs';

/** Labels naming the owning workload, most specific first, with the kind each implies. */
const OWNER_LABELS: ReadonlyArray<readonly [label: string, kind: string | undefined]> = [
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['workload', undefined],
];

/**
 * The workload a series belongs to, named as log anomalies name it (namespace + owner), so that the alerter groups a
 * workload's metric and log anomalies together: an owner label, else the pod name without its generated suffixes,
 * else the scrape `job` (the scrape job is only a workload when nothing more specific is known). Undefined when the
 * series has none of these.
 */
export function workloadOfSeries(labels: Readonly<Record<string, string>>): Workload | undefined {
  const namespace = labels['namespace'] ?? '';
  for (const [label, kind] of OWNER_LABELS) {
    const name = labels[label];
    if (name) return kind === undefined ? { namespace, name } : { namespace, kind, name };
  }
  const pod = labels['pod'];
  if (pod) return { namespace, name: ownerFromPodName(pod) };
  const job = labels['job'];
  return job ? { namespace, name: job } : undefined;
}
