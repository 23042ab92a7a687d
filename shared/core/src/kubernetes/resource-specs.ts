import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { KubernetesClients } from './kube-client';
import type { ListWatchSpec } from './list-watch';
import { controllerOf, type WorkloadRef } from './pod-metadata';
import { httpStatusOf } from './list-watch';

const scoped = (namespace: string | undefined, what: string) => (namespace ? `${what} in ${namespace}` : what);

/** Pods of one namespace, or of all of them. RBAC: `list` and `watch` on `pods` (core group). */
export function podListWatchSpec(clients: KubernetesClients, namespace?: string): ListWatchSpec<V1Pod> {
  return {
    description: scoped(namespace, 'pods'),
    watchPath: namespace === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
    async list({ limit, continueToken }) {
      const params = { limit, ...(continueToken !== undefined ? { _continue: continueToken } : {}) };
      const list =
        namespace === undefined
          ? await clients.core.listPodForAllNamespaces(params)
          : await clients.core.listNamespacedPod({ namespace, ...params });
      return pageOf(list);
    },
  };
}

/** ReplicaSets (their Deployment owner). RBAC: `list` and `watch` on `replicasets` (group `apps`). */
export function replicaSetListWatchSpec(clients: KubernetesClients, namespace?: string): ListWatchSpec<V1ReplicaSet> {
  return {
    description: scoped(namespace, 'replicasets'),
    watchPath:
      namespace === undefined
        ? '/apis/apps/v1/replicasets'
        : `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`,
    async list({ limit, continueToken }) {
      const params = { limit, ...(continueToken !== undefined ? { _continue: continueToken } : {}) };
      const list =
        namespace === undefined
          ? await clients.apps.listReplicaSetForAllNamespaces(params)
          : await clients.apps.listNamespacedReplicaSet({ namespace, ...params });
      return pageOf(list);
    },
  };
}

/**
 * The controller of a Job (a CronJob's Jobs are owned by it), null when it has none or is gone (404).
 * RBAC: `get` on `jobs` (group `batch`).
 */
export async function fetchJobController(
  clients: KubernetesClients,
  namespace: string,
  name: string,
): Promise<WorkloadRef | null> {
  try {
    return controllerOf(await clients.batch.readNamespacedJob({ namespace, name })) ?? null;
  } catch (err) {
    if (httpStatusOf(err) === 404) return null;
    throw err;
  }
}

function pageOf<T>(list: { items: T[]; metadata?: { resourceVersion?: string; _continue?: string } }) {
  const continueToken = list.metadata?._continue;
  return {
    items: list.items,
    resourceVersion: list.metadata?.resourceVersion ?? '',
    ...(continueToken ? { continueToken } : {}),
  };
}
