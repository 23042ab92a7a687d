import type { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import type { KubernetesConfig } from './kubernetes-config';

type ClientModule = typeof import('@kubernetes/client-node');

/**
 * The client is loaded on first use, not when @daytwo/core is: it takes seconds and tens of MB to load, and most
 * services never talk to Kubernetes. It is ESM-only; Node ≥ 22.12 loads it from our CommonJS build (require(esm) and
 * import() both work, it has no top-level await), and jest compiles it to CommonJS (see jest.config.js).
 */
export function loadKubernetesClient(): Promise<ClientModule> {
  return import('@kubernetes/client-node');
}

/** The Kubernetes client cannot be set up from the configuration (the message names the key). */
export class KubernetesConfigError extends Error {
  override name = 'KubernetesConfigError';
}

/** The API clients the pod watch cache uses, all from one KubeConfig. */
export interface KubernetesClients {
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
  readonly watch: Watch;
}

/** Fails fast where the client would only fail on its first request. */
export function checkEnvironment(config: KubernetesConfig, env: NodeJS.ProcessEnv = process.env): void {
  if (config.mode === 'in-cluster' && (!env['KUBERNETES_SERVICE_HOST'] || !env['KUBERNETES_SERVICE_PORT'])) {
    throw new KubernetesConfigError(
      'kubernetes.mode: "in-cluster" needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT (not in a pod?); ' +
        'use mode "kubeconfig" or "url" outside a cluster',
    );
  }
}

/** A KubeConfig for `config.mode` (see KubernetesConfig). Reads the kubeconfig or service-account files now. */
export async function createKubeConfig(config: KubernetesConfig): Promise<KubeConfig> {
  checkEnvironment(config);
  const { KubeConfig } = await loadKubernetesClient();
  const kc = new KubeConfig();
  switch (config.mode) {
    case 'in-cluster':
      kc.loadFromCluster();
      break;
    case 'kubeconfig':
      if (config.kubeconfigPath !== undefined) kc.loadFromFile(config.kubeconfigPath);
      else kc.loadFromDefault();
      break;
    case 'url':
      kc.loadFromClusterAndUser(
        {
          name: 'daytwo',
          server: (config.url ?? '').replace(/\/+$/, ''),
          skipTLSVerify: config.insecureSkipTlsVerify,
          ...(config.caFile !== undefined ? { caFile: config.caFile } : {}),
        },
        // The client's tokenFile auth provider re-reads the file every minute (rotating projected tokens).
        config.tokenFile !== undefined
          ? { name: 'daytwo', authProvider: { name: 'tokenFile', config: { tokenFile: config.tokenFile } } }
          : { name: 'daytwo' },
      );
      break;
  }
  if (config.mode !== 'url' && config.insecureSkipTlsVerify) {
    kc.clusters = kc.clusters.map((cluster) => ({ ...cluster, skipTLSVerify: true }));
  }
  return kc;
}

export async function createKubernetesClients(config: KubernetesConfig): Promise<KubernetesClients> {
  const { AppsV1Api, BatchV1Api, CoreV1Api, Watch } = await loadKubernetesClient();
  const kubeConfig = await createKubeConfig(config);
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    batch: kubeConfig.makeApiClient(BatchV1Api),
    watch: new Watch(kubeConfig),
  };
}
