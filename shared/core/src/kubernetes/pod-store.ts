import type { PodMetadata, WorkloadRef } from './pod-metadata';

export interface PodStoreOptions {
  /** How long a deleted pod stays findable (its late logs are still enriched). */
  deletedTtlMs: number;
  /** At most this many deleted pods are kept; the oldest deletions go first. */
  maxDeletedPods: number;
}

/** A pod as stored: `deletedAt` (ms since epoch) once the pod is gone from the API. */
export interface StoredPod {
  pod: PodMetadata;
  deletedAt?: number;
}

const nameKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** Pods are built field by field in one order (podMetadataFromObject), so their JSON compares them. */
const samePod = (a: PodMetadata, b: PodMetadata) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * The pods known by uid, live and recently deleted, with a (namespace, name) index that prefers the newest pod of a
 * name (a StatefulSet pod is recreated under the same name with a new uid). Deleted pods are bounded in count and age;
 * live pods are bounded by the cluster.
 */
export class PodStore {
  private readonly pods = new Map<string, StoredPod>();
  private readonly byName = new Map<string, string>();
  /** Deleted uids in deletion order (oldest first): pruning stops at the first one that stays. */
  private readonly deleted = new Map<string, number>();
  /** Bumped on every change, so the cache knows when to persist. */
  version = 0;

  constructor(private readonly options: PodStoreOptions) {}

  get size(): { live: number; deleted: number } {
    return { live: this.pods.size - this.deleted.size, deleted: this.deleted.size };
  }

  getByUid(uid: string): StoredPod | undefined {
    return this.pods.get(uid);
  }

  getByName(namespace: string, name: string): StoredPod | undefined {
    const uid = this.byName.get(nameKey(namespace, name));
    return uid === undefined ? undefined : this.pods.get(uid);
  }

  /**
   * Adds or replaces a live pod (a pod seen again after it was thought deleted is live again). Most pod updates are
   * status changes that leave the stored fields as they were: those change nothing (and need no saving).
   */
  upsert(pod: PodMetadata): void {
    const current = this.pods.get(pod.uid);
    if (current?.deletedAt === undefined && current !== undefined && samePod(current.pod, pod)) return;
    this.pods.set(pod.uid, { pod });
    this.deleted.delete(pod.uid);
    this.byName.set(nameKey(pod.namespace, pod.name), pod.uid);
    this.version++;
  }

  markDeleted(uid: string, at: number): void {
    const stored = this.pods.get(uid);
    if (stored === undefined || stored.deletedAt !== undefined) return;
    stored.deletedAt = at;
    this.deleted.set(uid, at);
    this.version++;
    this.enforceBound();
  }

  /**
   * A full list of the pods in `namespace` (undefined: every namespace): pods not in it are gone (deleted while the
   * watch was down, or while the service was not running) and are marked deleted now.
   */
  replaceScope(namespace: string | undefined, pods: readonly PodMetadata[], now: number): void {
    const listed = new Set<string>();
    for (const pod of pods) {
      listed.add(pod.uid);
      this.upsert(pod);
    }
    for (const [uid, stored] of this.pods) {
      if (stored.deletedAt !== undefined || listed.has(uid)) continue;
      if (namespace === undefined || stored.pod.namespace === namespace) this.markDeleted(uid, now);
    }
  }

  /** Marks live pods outside `namespaces` deleted (a restart with fewer namespaces configured). */
  retainNamespaces(namespaces: readonly string[], now: number): void {
    const keep = new Set(namespaces);
    for (const [uid, stored] of this.pods) {
      if (stored.deletedAt === undefined && !keep.has(stored.pod.namespace)) this.markDeleted(uid, now);
    }
  }

  /** Re-resolves the workload of the pods in `namespace` owned by `owner`. */
  updateWorkloads(namespace: string, owner: WorkloadRef, resolve: (pod: PodMetadata) => WorkloadRef | undefined): void {
    for (const stored of this.pods.values()) {
      const { pod } = stored;
      if (pod.namespace !== namespace || pod.owner?.kind !== owner.kind || pod.owner.name !== owner.name) continue;
      const workload = resolve(pod);
      if (workload?.kind === pod.workload?.kind && workload?.name === pod.workload?.name) continue;
      stored.pod = { ...pod, ...(workload ? { workload } : {}) };
      this.version++;
    }
  }

  /** Forgets deleted pods older than the TTL. */
  prune(now: number): void {
    for (const [uid, at] of this.deleted) {
      if (now - at < this.options.deletedTtlMs) break;
      this.forget(uid);
    }
  }

  /** Every stored pod, deleted ones in deletion order (the order `restore` expects). */
  entries(): StoredPod[] {
    const live = [...this.pods.values()].filter((s) => s.deletedAt === undefined);
    const deleted = [...this.deleted.keys()].map((uid) => this.pods.get(uid)!);
    return [...live, ...deleted];
  }

  /** Loads pods saved earlier (before the first list), dropping deletions older than the TTL. */
  restore(entries: readonly StoredPod[], now: number): void {
    const deleted = entries.filter((e) => e.deletedAt !== undefined).sort((a, b) => a.deletedAt! - b.deletedAt!);
    for (const entry of entries) if (entry.deletedAt === undefined) this.upsert(entry.pod);
    for (const { pod, deletedAt } of deleted) {
      if (now - deletedAt! >= this.options.deletedTtlMs || this.pods.has(pod.uid)) continue;
      this.pods.set(pod.uid, { pod, deletedAt });
      this.deleted.set(pod.uid, deletedAt!);
      // A live pod of the same name is preferred; among deleted ones the latest deletion (they come in order).
      const k = nameKey(pod.namespace, pod.name);
      const current = this.byName.get(k);
      if (current === undefined || this.pods.get(current)?.deletedAt !== undefined) this.byName.set(k, pod.uid);
    }
    this.enforceBound();
    this.version++;
  }

  private enforceBound(): void {
    while (this.deleted.size > this.options.maxDeletedPods) this.forget(this.deleted.keys().next().value!);
  }

  private forget(uid: string): void {
    const stored = this.pods.get(uid);
    this.pods.delete(uid);
    this.deleted.delete(uid);
    if (stored !== undefined) {
      const k = nameKey(stored.pod.namespace, stored.pod.name);
      if (this.byName.get(k) === uid) this.byName.delete(k);
    }
    this.version++;
  }
}
