import { podListWatchSpec, type KubernetesClients, type ListWatchSpec } from '@daytwo/core';
import type { V1Pod } from '@kubernetes/client-node';

/**
 * What to list and watch: the pods of a namespace (or all), and with `nodeName` only those scheduled on that node
 * (field selector, so the API server filters and a DaemonSet of collectors does not each receive every pod).
 */
export function podSpecFor(clients: KubernetesClients, namespace?: string, nodeName?: string): ListWatchSpec<V1Pod> {
  if (nodeName === undefined) return podListWatchSpec(clients, namespace);
  const fieldSelector = `spec.nodeName=${nodeName}`;
  const base = namespace === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  return {
    description: `pods on ${nodeName}${namespace === undefined ? '' : ` in ${namespace}`}`,
    // The client's Watch keeps a query given in the path and adds its own parameters to it.
    watchPath: `${base}?fieldSelector=${encodeURIComponent(fieldSelector)}`,
    async list({ limit, continueToken }) {
      const params = { fieldSelector, limit, ...(continueToken !== undefined ? { _continue: continueToken } : {}) };
      const list =
        namespace === undefined
          ? await clients.core.listPodForAllNamespaces(params)
          : await clients.core.listNamespacedPod({ namespace, ...params });
      const next = list.metadata?._continue;
      return {
        items: list.items,
        resourceVersion: list.metadata?.resourceVersion ?? '',
        ...(next ? { continueToken: next } : {}),
      };
    },
  };
}
