import { KubernetesConfig } from '@daytwo/core';
import { z } from 'zod';

const LabelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name');

/** `all`, or a list of keys; a key ending in `*` is a prefix (`app.kubernetes.io/*`). */
export const KeySelection = z.union([z.literal('all'), z.array(z.string().min(1))]);
export type KeySelection = z.output<typeof KeySelection>;

export const MetricEnrichmentConfig = z
  .object({
    /** The sample label holding the pod uid; samples without it are looked up by namespace and pod name. */
    podUidLabel: z.string().min(1).default('pod_uid'),
    namespaceLabel: z.string().min(1).default('namespace'),
    podLabel: z.string().min(1).default('pod'),
    /** Pod labels copied onto samples: pod label key → sample label name (`app.kubernetes.io/name: app`). */
    podLabels: z.record(z.string().min(1), LabelName).default({}),
    /** Sample labels for the workload and node; none when unset. */
    workloadLabel: LabelName.optional(),
    workloadKindLabel: LabelName.optional(),
    nodeLabel: LabelName.optional(),
  })
  .strict();
export type MetricEnrichmentConfig = z.output<typeof MetricEnrichmentConfig>;

export const KubernetesMetadataConfig = z
  .object({
    kubernetes: KubernetesConfig.prefault({}),
    /** Where the pod cache is saved, so deleted pods' late logs are enriched after a restart; none: memory only. */
    stateDir: z.string().min(1).optional(),
    deletedPodTtlSeconds: z.number().int().positive().default(3600),
    maxDeletedPods: z.number().int().positive().default(10_000),
    /** The first batch waits this long for the first complete pod list. */
    syncTimeoutSeconds: z.number().nonnegative().default(10),
    /** Pod labels copied to `kubernetes.labels` of logs. */
    labels: KeySelection.default('all'),
    /** Pod annotations copied to `kubernetes.annotations` of logs (none by default: they can be large). */
    annotations: KeySelection.default([]),
    metrics: MetricEnrichmentConfig.prefault({}),
  })
  .strict();
export type KubernetesMetadataConfig = z.output<typeof KubernetesMetadataConfig>;
