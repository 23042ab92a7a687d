import { z } from 'zod';

/**
 * How to reach the Kubernetes API:
 * - `in-cluster`: the pod's service account (token, CA and namespace under /var/run/secrets/kubernetes.io/serviceaccount,
 *   API address from KUBERNETES_SERVICE_HOST/PORT);
 * - `kubeconfig`: a kubeconfig file (`kubeconfigPath`, else $KUBECONFIG or ~/.kube/config), its current context;
 * - `url`: an explicit API server `url`, with an optional bearer `tokenFile` (re-read every minute, so projected
 *   service-account tokens rotate) and `caFile`.
 */
export const KubernetesConfig = z
  .object({
    mode: z.enum(['in-cluster', 'kubeconfig', 'url']).default('in-cluster'),
    url: z.url({ protocol: /^https?$/ }).optional(),
    kubeconfigPath: z.string().min(1).optional(),
    tokenFile: z.string().min(1).optional(),
    caFile: z.string().min(1).optional(),
    insecureSkipTlsVerify: z.boolean().default(false),
    /** Namespaces to watch; empty watches the whole cluster. */
    namespaces: z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a namespace name')).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.mode === 'url' && config.url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'url is required when mode is "url"' });
    }
    if (config.mode === 'url' && config.url?.startsWith('http:') && !config.insecureSkipTlsVerify) {
      ctx.addIssue({
        code: 'custom',
        path: ['insecureSkipTlsVerify'],
        message: 'a plain http:// url (e.g. kubectl proxy) must be allowed with insecureSkipTlsVerify: true',
      });
    }
    const urlOnly = ['url', 'tokenFile', 'caFile'] as const;
    for (const key of urlOnly) {
      if (config.mode !== 'url' && config[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} is only used when mode is "url"` });
      }
    }
    if (config.mode !== 'kubeconfig' && config.kubeconfigPath !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['kubeconfigPath'], message: 'kubeconfigPath needs mode "kubeconfig"' });
    }
    if (new Set(config.namespaces).size !== config.namespaces.length) {
      ctx.addIssue({ code: 'custom', path: ['namespaces'], message: 'namespaces must not repeat' });
    }
  });
export type KubernetesConfig = z.output<typeof KubernetesConfig>;
export type KubernetesConfigInput = z.input<typeof KubernetesConfig>;
