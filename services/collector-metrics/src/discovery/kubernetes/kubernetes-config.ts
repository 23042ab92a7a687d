import { z } from 'zod';
import { checkJobAuth, ScrapeJobFields } from '../../scrape/scrape-job';
import { Duration } from '../../scrape/units';

/**
 * `targets.kubernetes`: pods found through the API (list + watch), scraped when annotated `prometheus.io/scrape`.
 * The API is reached through `apiServer` (URL), a `kubeconfig` file, or in-cluster (the service account; the default).
 * The scrape settings (`scheme`, `tls`, `bearerTokenFile`...) are for the pods, the `apiServer*` ones for the API.
 */
export const KubernetesTargetsConfig = z
  .object({
    enabled: z.boolean().default(false),
    ...ScrapeJobFields,
    job: ScrapeJobFields.job.default('kubernetes-pods'),
    apiServer: z.url({ protocol: /^https?$/ }).optional(),
    kubeconfig: z.string().min(1).optional(),
    inCluster: z.boolean().optional(),
    /** Bearer token for `apiServer`, re-read every minute. */
    apiServerTokenFile: z.string().min(1).optional(),
    apiServerCaFile: z.string().min(1).optional(),
    apiServerInsecureSkipVerify: z.boolean().default(false),
    /** Namespaces to watch; empty watches all of them. */
    namespaces: z.array(z.string().min(1)).default([]),
    /** Pod labels copied to target labels, e.g. `app.kubernetes.io/name` (becomes `app_kubernetes_io_name`). */
    podLabels: z.array(z.string().min(1)).default([]),
    /** Only pods scheduled on `nodeName` (one collector per node, as a DaemonSet). */
    nodeLocal: z.boolean().default(false),
    /** Wait before listing and watching again after the API failed. */
    retryDelay: Duration.prefault('5s'),
  })
  .strict()
  .superRefine((config, ctx) => {
    checkJobAuth(config, ctx);
    const modes = [
      config.apiServer !== undefined && 'apiServer',
      config.kubeconfig !== undefined && 'kubeconfig',
      config.inCluster === true && 'inCluster',
    ].filter((mode): mode is string => mode !== false);
    if (modes.length > 1) {
      ctx.addIssue({ code: 'custom', path: [modes[1]!], message: `${modes.join(' and ')} cannot be used together` });
    }
    if (config.inCluster === false && modes.length === 0 && config.enabled) {
      ctx.addIssue({
        code: 'custom',
        path: ['inCluster'],
        message: 'set apiServer or kubeconfig when inCluster is false',
      });
    }
    for (const key of ['apiServerTokenFile', 'apiServerCaFile'] as const) {
      if (config[key] !== undefined && config.apiServer === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} needs apiServer` });
      }
    }
  });
export type KubernetesTargetsConfig = z.output<typeof KubernetesTargetsConfig>;
