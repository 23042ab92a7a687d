import type { Logger } from 'pino';
import type { DiscoveryMetrics } from './discovery-metrics';
import { FileSdDiscovery } from './file-sd-discovery';
import type { KubernetesTargetsConfig } from './kubernetes/kubernetes-config';
import { KubernetesDiscovery } from './kubernetes/kubernetes-discovery';
import type { FileTargetsConfig, StaticTargetsConfig } from './source-config';
import { StaticDiscovery } from './static-discovery';
import type { DiscoveryProvider } from './target-group';

export interface TargetSourcesConfig {
  static: StaticTargetsConfig[];
  files: FileTargetsConfig[];
  kubernetes: KubernetesTargetsConfig;
}

export interface ProviderDeps {
  logger: Logger;
  metrics: DiscoveryMetrics;
  nodeName: string;
}

/** One provider per configured source. (The Kubernetes client library is only loaded when Kubernetes discovery starts.) */
export function createProviders(targets: TargetSourcesConfig, deps: ProviderDeps): DiscoveryProvider[] {
  const providers: DiscoveryProvider[] = [
    ...targets.static.map((config, i) => new StaticDiscovery(`static[${i}]`, config)),
    ...targets.files.map((config, i) => new FileSdDiscovery(`files[${i}]`, config, deps)),
  ];
  if (targets.kubernetes.enabled) {
    providers.push(
      new KubernetesDiscovery(targets.kubernetes, { ...deps, logger: deps.logger.child({ provider: 'kubernetes' }) }),
    );
  }
  return providers;
}
