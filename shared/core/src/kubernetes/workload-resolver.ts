import { controllerOf, type ObjectLike, type WorkloadRef } from './pod-metadata';

export interface WorkloadResolverDeps {
  /** The controller of a Job (its CronJob), null when it has none or is gone; rejects when the API failed. */
  fetchJobController(namespace: string, name: string): Promise<WorkloadRef | null>;
  /** A mapping became known or changed: pods owned by `owner` in `namespace` should be resolved again. */
  onChange(namespace: string, owner: WorkloadRef): void;
  onJobLookupError(namespace: string, name: string, err: unknown): void;
  /** Bound on remembered Job → CronJob lookups. */
  maxJobs?: number;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * Maps a pod's controller to the workload users know: ReplicaSet → its Deployment (from the watched ReplicaSets), Job →
 * its CronJob (one `get` per Job, remembered). StatefulSet, DaemonSet and anything else are the workload themselves.
 * Until a mapping is known the controller itself is the answer; `onChange` says when to ask again.
 */
export class WorkloadResolver {
  private readonly replicaSets = new Map<string, WorkloadRef | null>();
  private readonly jobs = new Map<string, WorkloadRef | null>();
  private readonly pendingJobs = new Set<string>();
  private readonly maxJobs: number;

  constructor(private readonly deps: WorkloadResolverDeps) {
    this.maxJobs = deps.maxJobs ?? 10_000;
  }

  resolve(namespace: string, owner: WorkloadRef | undefined): WorkloadRef | undefined {
    if (owner === undefined) return undefined;
    if (owner.kind === 'ReplicaSet') return this.replicaSets.get(key(namespace, owner.name)) ?? owner;
    if (owner.kind === 'Job') {
      const k = key(namespace, owner.name);
      const parent = this.jobs.get(k);
      if (parent === undefined && !this.jobs.has(k)) this.lookUpJob(namespace, owner.name);
      return parent ?? owner;
    }
    return owner;
  }

  setReplicaSet(rs: ObjectLike): void {
    const { namespace, name } = rs.metadata ?? {};
    if (typeof namespace !== 'string' || typeof name !== 'string') return;
    const controller = controllerOf(rs);
    const parent = controller?.kind === 'Deployment' ? controller : null;
    const k = key(namespace, name);
    const before = this.replicaSets.get(k);
    this.replicaSets.set(k, parent);
    if (before === undefined || before?.name !== parent?.name) {
      this.deps.onChange(namespace, { kind: 'ReplicaSet', name });
    }
  }

  deleteReplicaSet(rs: ObjectLike): void {
    const { namespace, name } = rs.metadata ?? {};
    // Pods keep the workload they were resolved to; only the mapping goes.
    if (typeof namespace === 'string' && typeof name === 'string') this.replicaSets.delete(key(namespace, name));
  }

  /** A fresh list of the ReplicaSets in `namespace` (undefined: all namespaces). */
  replaceReplicaSets(namespace: string | undefined, items: readonly ObjectLike[]): void {
    const seen = new Set<string>();
    for (const rs of items) {
      const { namespace: ns, name } = rs.metadata ?? {};
      if (typeof ns === 'string' && typeof name === 'string') seen.add(key(ns, name));
      this.setReplicaSet(rs);
    }
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    for (const k of this.replicaSets.keys()) if (k.startsWith(prefix) && !seen.has(k)) this.replicaSets.delete(k);
  }

  private lookUpJob(namespace: string, name: string): void {
    const k = key(namespace, name);
    if (this.pendingJobs.has(k)) return;
    this.pendingJobs.add(k);
    this.deps.fetchJobController(namespace, name).then(
      (parent) => {
        this.pendingJobs.delete(k);
        this.rememberJob(k, parent?.kind === 'CronJob' ? parent : null);
        if (parent?.kind === 'CronJob') this.deps.onChange(namespace, { kind: 'Job', name });
      },
      (err: unknown) => {
        // Remembered as "no CronJob": the pods keep the Job as their workload rather than asking again per event.
        this.pendingJobs.delete(k);
        this.rememberJob(k, null);
        this.deps.onJobLookupError(namespace, name, err);
      },
    );
  }

  private rememberJob(k: string, parent: WorkloadRef | null): void {
    if (this.jobs.size >= this.maxJobs) this.jobs.delete(this.jobs.keys().next().value!);
    this.jobs.set(k, parent);
  }
}
