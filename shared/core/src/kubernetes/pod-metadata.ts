/** A workload that owns pods, as users name it: `Deployment/web`, `StatefulSet/db`, `CronJob/nightly`. */
export interface WorkloadRef {
  kind: string;
  name: string;
}

/** What the pod watch cache keeps of a pod (the parts log and metric enrichment use). */
export interface PodMetadata {
  uid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  nodeName?: string;
  /** The pod's controller (ownerReference with `controller: true`), as it appears on the pod. */
  owner?: WorkloadRef;
  /** The top-level workload: the controller's own controller where known (ReplicaSet → Deployment, Job → CronJob). */
  workload?: WorkloadRef;
  containers: { name: string; image?: string }[];
}

/** The parts of an API object this module reads; V1Pod, V1ReplicaSet and V1Job and their raw JSON all fit. */
export interface ObjectLike {
  metadata?: {
    uid?: string;
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind?: string; name?: string; controller?: boolean }[];
  };
}

export interface PodLike extends ObjectLike {
  spec?: {
    nodeName?: string;
    containers?: { name?: string; image?: string }[];
    initContainers?: { name?: string; image?: string }[];
  };
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The controller owner of an object (at most one ownerReference has `controller: true`). */
export function controllerOf(object: ObjectLike): WorkloadRef | undefined {
  const ref = object.metadata?.ownerReferences?.find((r) => r.controller === true);
  if (ref === undefined || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  return { kind: ref.kind, name: ref.name };
}

/** The cache's view of a pod from the API, or undefined when it lacks uid, namespace or name. */
export function podMetadataFromObject(pod: PodLike): PodMetadata | undefined {
  const meta = pod.metadata;
  if (!meta || typeof meta.uid !== 'string' || typeof meta.namespace !== 'string' || typeof meta.name !== 'string') {
    return undefined;
  }
  const containers: PodMetadata['containers'] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    if (typeof c.name !== 'string') continue;
    containers.push(typeof c.image === 'string' ? { name: c.name, image: c.image } : { name: c.name });
  }
  const owner = controllerOf(pod);
  const nodeName = pod.spec?.nodeName;
  return {
    uid: meta.uid,
    namespace: meta.namespace,
    name: meta.name,
    labels: stringMap(meta.labels),
    annotations: stringMap(meta.annotations),
    ...(typeof nodeName === 'string' && nodeName !== '' ? { nodeName } : {}),
    ...(owner ? { owner, workload: owner } : {}),
    containers,
  };
}
