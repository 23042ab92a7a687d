import { createHash } from 'node:crypto';
import type { AnomalyEvent } from '@daytwo/core';

/**
 * Labels that name one pod or scrape target. They are left out of a series' identity so that the same anomaly on a
 * restarted or rescheduled pod is the same incident, not a new one.
 */
export const INSTANCE_LABELS: ReadonlySet<string> = new Set([
  'pod',
  'pod_name',
  'pod_uid',
  'uid',
  'instance',
  'container_id',
  'kubernetes_pod_name',
]);

/** Prometheus selector text: `name{a="x",b="y"}`, labels sorted. */
export function seriesSelector(series: { name: string; labels: Record<string, string> }, skip?: ReadonlySet<string>) {
  const labels = Object.keys(series.labels)
    .filter((k) => k !== '__name__' && !skip?.has(k))
    .sort()
    .map((k) => `${k}="${escapeLabelValue(series.labels[k] ?? '')}"`);
  return labels.length === 0 ? series.name : `${series.name}{${labels.join(',')}}`;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * What an incident is made of: a metric detector on one series, or a log detector. Templates are not part of it: they
 * are what a log anomaly shows, and a burst of a different template in the same workload is the same incident.
 */
export function signalKey(event: AnomalyEvent): string {
  if (event.source === 'metric' && event.series) {
    return `metric|${event.detector}|${seriesSelector(event.series, INSTANCE_LABELS)}`;
  }
  return `${event.source}|${event.detector}`;
}

/**
 * One occurrence of a signal, which a `resolved` event ends: a log anomaly event's id (the processor gives the
 * resolved event the id of its firing one), a metric series with all its labels (a pod's series resolves on its own).
 */
export function occurrenceKey(event: AnomalyEvent): string {
  if (event.source === 'metric' && event.series) return `series|${seriesSelector(event.series)}`;
  return `id|${event.id}`;
}

/** Stable hash of cluster, workload and the incident's signals; the order of the signals does not matter. */
export function fingerprint(cluster: string, workloadKey: string, signalKeys: Iterable<string>): string {
  const sorted = [...new Set(signalKeys)].sort();
  return createHash('sha256')
    .update(JSON.stringify([cluster, workloadKey, sorted]))
    .digest('hex')
    .slice(0, 24);
}
