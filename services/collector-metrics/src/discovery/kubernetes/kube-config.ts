import { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesTargetsConfig } from './kubernetes-config';

/** The API client configuration: an explicit `apiServer`, a kubeconfig file, or the in-cluster service account. */
export function kubeConfigFor(config: KubernetesTargetsConfig): KubeConfig {
  const kc = new KubeConfig();
  if (config.apiServer !== undefined) {
    kc.loadFromClusterAndUser(
      {
        name: 'daytwo',
        server: config.apiServer.replace(/\/+$/, ''),
        skipTLSVerify: config.apiServerInsecureSkipVerify,
        ...(config.apiServerCaFile !== undefined ? { caFile: config.apiServerCaFile } : {}),
      },
      config.apiServerTokenFile !== undefined
        ? { name: 'daytwo', authProvider: { name: 'tokenFile', config: { tokenFile: config.apiServerTokenFile } } }
        : { name: 'daytwo' },
    );
  } else if (config.kubeconfig !== undefined) {
    kc.loadFromFile(config.kubeconfig);
  } else {
    kc.loadFromCluster();
  }
  return kc;
}
