import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { createKubernetesClients, type KubernetesClients } from './kube-client';
import type { KubernetesConfig } from './kubernetes-config';
import { ListWatchLoop, type ListWatchOptions, type WatchEventType } from './list-watch';
import { loadPodCacheFile, savePodCacheFile } from './pod-cache-file';
import { podMetadataFromObject, type PodLike, type PodMetadata } from './pod-metadata';
import { PodStore, type StoredPod } from './pod-store';
import { fetchJobController, podListWatchSpec, replicaSetListWatchSpec } from './resource-specs';
import { WorkloadResolver } from './workload-resolver';

/** The subset of a pino logger the cache uses. */
export interface KubernetesLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface PodWatchCacheOptions {
  kubernetes: KubernetesConfig;
  /** Directory for `pod-cache.json`, loaded at start and saved while running; none: memory only. */
  stateDir?: string;
  /** How long a deleted pod's metadata is kept (default 1 h). */
  deletedPodTtlMs?: number;
  /** At most this many deleted pods are kept (default 10000). */
  maxDeletedPods?: number;
  /** How often changes are saved (default 10 s). */
  flushIntervalMs?: number;
  logger?: KubernetesLogger;
  listWatch?: Partial<ListWatchOptions>;
  /** Default: created from `kubernetes`. */
  clients?: KubernetesClients;
}

export interface PodWatchCacheStats {
  live: number;
  deleted: number;
  /** Complete lists after a 410 Gone. */
  relists: number;
  /** Failed lists and watches. */
  errors: number;
}

export const POD_CACHE_FILE = 'pod-cache.json';
const NO_LOG: KubernetesLogger = { debug() {}, info() {}, warn() {} };

/**
 * Pod metadata by uid (and by namespace/name), kept current by list+watch of pods and ReplicaSets, and saved to disk so
 * that after a restart the pods deleted in the last hour (whose logs are still arriving) are still known.
 * RBAC: pods [list, watch]; apps/replicasets [list, watch]; batch/jobs [get].
 */
export class PodWatchCache {
  private readonly store: PodStore;
  private readonly resolver: WorkloadResolver;
  private readonly podLoops: ListWatchLoop<V1Pod>[] = [];
  private readonly replicaSetLoops: ListWatchLoop<V1ReplicaSet>[] = [];
  private readonly logger: KubernetesLogger;
  private readonly file: string | undefined;
  private readonly counters = { relists: 0, errors: 0 };
  private flushTimer: NodeJS.Timeout | undefined;
  private savedVersion = -1;
  private saving: Promise<void> = Promise.resolve();
  private clients: KubernetesClients | undefined;
  private starting: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: PodWatchCacheOptions) {
    this.logger = options.logger ?? NO_LOG;
    this.file = options.stateDir === undefined ? undefined : join(options.stateDir, POD_CACHE_FILE);
    this.store = new PodStore({
      deletedTtlMs: options.deletedPodTtlMs ?? 3_600_000,
      maxDeletedPods: options.maxDeletedPods ?? 10_000,
    });
    this.resolver = new WorkloadResolver({
      fetchJobController: (namespace, name) => fetchJobController(this.clients!, namespace, name),
      onChange: (namespace, owner) =>
        this.store.updateWorkloads(namespace, owner, (pod) => this.resolver.resolve(pod.namespace, pod.owner)),
      onJobLookupError: (namespace, job, err) =>
        this.logger.warn(
          { err, namespace, job },
          'cannot read Job (its CronJob stays unknown); RBAC needs get on jobs',
        ),
    });
  }

  /** Loads the saved pods, then starts listing and watching (in the background: see `waitForSync`). */
  start(): Promise<void> {
    this.starting ??= this.startOnce();
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    if (this.file !== undefined) await this.load(this.file);
    const clients = this.options.clients ?? (await createKubernetesClients(this.options.kubernetes));
    this.clients = clients;
    const loopOptions: ListWatchOptions = {
      pageSize: 500,
      watchTimeoutSeconds: 300,
      initialBackoffMs: 500,
      maxBackoffMs: 30_000,
      ...this.options.listWatch,
    };
    const namespaces = this.options.kubernetes.namespaces;
    for (const namespace of namespaces.length > 0 ? namespaces : [undefined]) {
      const pods = podListWatchSpec(clients, namespace);
      this.podLoops.push(
        new ListWatchLoop(clients.watch, pods, this.podHandlers(namespace, pods.description), loopOptions),
      );
      const replicaSets = replicaSetListWatchSpec(clients, namespace);
      const replicaSetHandlers = {
        onList: (items: V1ReplicaSet[]) => this.resolver.replaceReplicaSets(namespace, items),
        onEvent: (type: WatchEventType, rs: V1ReplicaSet) =>
          type === 'DELETED' ? this.resolver.deleteReplicaSet(rs) : this.resolver.setReplicaSet(rs),
        ...this.failureHandlers(replicaSets.description),
      };
      this.replicaSetLoops.push(new ListWatchLoop(clients.watch, replicaSets, replicaSetHandlers, loopOptions));
    }
    if (this.stopped) return;
    for (const loop of [...this.replicaSetLoops, ...this.podLoops]) loop.start();
    if (namespaces.length > 0) {
      void Promise.all(this.podLoops.map((l) => l.synced)).then(() =>
        this.store.retainNamespaces(namespaces, Date.now()),
      );
    }
    this.flushTimer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 10_000);
    this.flushTimer.unref();
  }

  /** True once pods and ReplicaSets were listed completely; false when `timeoutMs` passed first. */
  async waitForSync(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const synced = this.start()
      .then(() => Promise.all([...this.podLoops, ...this.replicaSetLoops].map((l) => l.synced)))
      .then(() => true);
    try {
      return await Promise.race([synced, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A pod, live or deleted within the TTL. */
  getByUid(uid: string): StoredPod | undefined {
    return this.store.getByUid(uid);
  }

  /** The newest pod of that name, live or deleted within the TTL. */
  getByName(namespace: string, name: string): StoredPod | undefined {
    return this.store.getByName(namespace, name);
  }

  stats(): PodWatchCacheStats {
    return { ...this.store.size, ...this.counters };
  }

  /** Forgets expired deletions and saves the pods if anything changed. */
  flush(): Promise<void> {
    this.store.prune(Date.now());
    const file = this.file;
    if (file === undefined || this.store.version === this.savedVersion) return this.saving;
    const version = this.store.version;
    const entries = this.store.entries();
    this.saving = this.saving
      .then(() => savePodCacheFile(file, entries, Date.now()))
      .then(
        () => void (this.savedVersion = version),
        (err: unknown) =>
          this.logger.warn({ err, file }, 'cannot save the pod cache; deleted pods may be unknown after a restart'),
      );
    return this.saving;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    clearInterval(this.flushTimer);
    await Promise.all([...this.podLoops, ...this.replicaSetLoops].map((loop) => loop.stop()));
    await this.flush();
  }

  private podHandlers(namespace: string | undefined, description: string) {
    return {
      onList: (items: V1Pod[]) => {
        const pods = items.map((p) => this.toMetadata(p)).filter((p): p is PodMetadata => p !== undefined);
        this.store.replaceScope(namespace, pods, Date.now());
        this.logger.info({ pods: pods.length, scope: description }, 'listed pods');
      },
      onEvent: (type: WatchEventType, object: V1Pod) => {
        const pod = this.toMetadata(object);
        if (pod === undefined) return;
        // A DELETED pod may be one never seen (created and deleted while the watch was down): keep it too.
        if (type !== 'DELETED' || this.store.getByUid(pod.uid) === undefined) this.store.upsert(pod);
        if (type === 'DELETED') this.store.markDeleted(pod.uid, Date.now());
      },
      ...this.failureHandlers(description),
    };
  }

  private failureHandlers(description: string) {
    return {
      onError: (err: unknown, retryInMs: number) => {
        this.counters.errors++;
        this.logger.warn({ err, resource: description, retryInMs }, 'kubernetes list/watch failed; retrying');
      },
      onExpired: () => {
        this.counters.relists++;
        this.logger.info({ resource: description }, 'watch expired (410 Gone); listing again');
      },
    };
  }

  private toMetadata(object: PodLike): PodMetadata | undefined {
    const pod = podMetadataFromObject(object);
    if (pod === undefined) return undefined;
    let workload = this.resolver.resolve(pod.namespace, pod.owner);
    if (workload === pod.owner) {
      // Not resolvable (any more): a ReplicaSet deleted before its terminating pods keeps them in their Deployment.
      const known = this.store.getByUid(pod.uid)?.pod;
      if (known?.owner?.kind === pod.owner?.kind && known?.owner?.name === pod.owner?.name) workload = known?.workload;
    }
    return workload ? { ...pod, workload } : pod;
  }

  private async load(file: string): Promise<void> {
    await mkdir(this.options.stateDir!, { recursive: true });
    try {
      const { pods, skipped } = await loadPodCacheFile(file);
      this.store.restore(pods, Date.now());
      this.savedVersion = this.store.version;
      this.logger.info({ file, pods: pods.length, skipped }, 'loaded the pod cache');
    } catch (err) {
      this.logger.warn({ err, file }, 'cannot load the pod cache; starting empty');
    }
  }
}
