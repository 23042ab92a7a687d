import { KubernetesConfig } from '@daytwo/core';
import { z } from 'zod';
import { checkJobAuth, ScrapeJobFields } from '../../scrape/scrape-job';

/**
 * `targets.kubernetes`: pods found through the API (list + watch), scraped when annotated `prometheus.io/scrape`.
 * API access and namespaces are core's KubernetesConfig (`mode: in-cluster | kubeconfig | url`, `url`, `tokenFile`,
 * `caFile`, `namespaces`...); the scrape settings (`scheme`, `tls`, `bearerTokenFile`...) are for the pods.
 */
export const KubernetesTargetsConfig = KubernetesConfig.safeExtend({
  enabled: z.boolean().default(false),
  ...ScrapeJobFields,
  job: ScrapeJobFields.job.default('kubernetes-pods'),
  /** Pod labels copied to target labels, e.g. `app.kubernetes.io/name` (becomes `app_kubernetes_io_name`). */
  podLabels: z.array(z.string().min(1)).default([]),
  /** Only pods scheduled on `nodeName` (one collector per node, as a DaemonSet), selected by the API server. */
  nodeLocal: z.boolean().default(false),
}).superRefine(checkJobAuth);
export type KubernetesTargetsConfig = z.output<typeof KubernetesTargetsConfig>;
