import type { LogRecord, MetricSample, PodMetadata } from '@daytwo/core';
import type { KeySelection, MetricEnrichmentConfig } from './config';

/** Matches keys against a selection: exact keys, and prefixes written `prefix*`. */
export function keyMatcher(selection: KeySelection): (key: string) => boolean {
  if (selection === 'all') return () => true;
  const exact = new Set(selection.filter((k) => !k.endsWith('*')));
  const prefixes = selection.filter((k) => k.endsWith('*')).map((k) => k.slice(0, -1));
  return (key) => exact.has(key) || prefixes.some((p) => key.startsWith(p));
}

function pick(map: Record<string, string>, matches: (key: string) => boolean): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(map)) if (matches(k)) (out ??= {})[k] = v;
  return out;
}

export interface LogEnrichment {
  labels: (key: string) => boolean;
  annotations: (key: string) => boolean;
}

/** A copy of the record with the pod's labels, annotations, workload and node; fields the record has are kept. */
export function enrichLogRecord(record: LogRecord, pod: PodMetadata, options: LogEnrichment): LogRecord {
  const k = record.kubernetes ?? {};
  const labels = pick(pod.labels, options.labels);
  const annotations = pick(pod.annotations, options.annotations);
  const nodeName = k.node?.name ?? pod.nodeName;
  return {
    ...record,
    kubernetes: {
      ...k,
      namespace: k.namespace ?? pod.namespace,
      pod: { ...k.pod, name: k.pod?.name ?? pod.name, uid: k.pod?.uid ?? pod.uid },
      ...(nodeName !== undefined ? { node: { ...k.node, name: nodeName } } : {}),
      ...(labels ? { labels: { ...k.labels, ...labels } } : {}),
      ...(annotations ? { annotations: { ...k.annotations, ...annotations } } : {}),
      ...(pod.workload ? { workload: { kind: pod.workload.kind, name: pod.workload.name } } : {}),
    },
  };
}

/** Where a log record says which pod wrote it: the uid, else namespace and pod name. */
export function logPodRef(record: LogRecord): { uid?: string; namespace?: string; name?: string } {
  const k = record.kubernetes;
  return { uid: k?.pod?.uid, namespace: k?.namespace, name: k?.pod?.name };
}

export function metricPodRef(
  sample: MetricSample,
  config: MetricEnrichmentConfig,
): { uid?: string; namespace?: string; name?: string } {
  return {
    uid: sample.labels[config.podUidLabel],
    namespace: sample.labels[config.namespaceLabel],
    name: sample.labels[config.podLabel],
  };
}

/**
 * A copy of the sample with the configured pod labels (and workload, node) as sample labels. A label the sample
 * already has is kept: the scrape target knows best, and a changed label would be another series.
 */
export function enrichMetricSample(
  sample: MetricSample,
  pod: PodMetadata,
  config: MetricEnrichmentConfig,
): MetricSample {
  const added: Record<string, string> = {};
  const add = (name: string | undefined, value: string | undefined) => {
    if (name !== undefined && value !== undefined && value !== '' && sample.labels[name] === undefined) {
      added[name] = value;
    }
  };
  for (const [podKey, labelName] of Object.entries(config.podLabels)) add(labelName, pod.labels[podKey]);
  add(config.workloadLabel, pod.workload?.name);
  add(config.workloadKindLabel, pod.workload?.kind);
  add(config.nodeLabel, pod.nodeName);
  return Object.keys(added).length === 0 ? sample : { ...sample, labels: { ...sample.labels, ...added } };
}
