import { Counter } from 'prom-client';

/**
 * Lookups by outcome: `enriched`, `pod_unknown` (the pod is not, or no longer, in the cache: the record passes
 * unchanged), `no_pod_ref` (the record names no pod). Not registered anywhere: the service registers it in its own
 * registry (`registry.registerMetric(kubernetesMetadataLookups)`).
 */
export const kubernetesMetadataLookups = new Counter({
  name: 'daytwo_processor_kubernetes_metadata_lookups_total',
  help: 'Pod metadata lookups of the kubernetes-metadata processor, by result.',
  labelNames: ['processor', 'result'] as const,
  registers: [],
});

export type LookupResult = 'enriched' | 'pod_unknown' | 'no_pod_ref';
