import {
  createKubernetesClients,
  httpStatusOf,
  ListWatchLoop,
  type KubernetesClients,
  type ListWatchOptions,
} from '@daytwo/core';
import type { V1Pod } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ScrapeJob } from '../../scrape/scrape-job';
import type { DiscoveryMetrics } from '../discovery-metrics';
import { jobOf } from '../source-config';
import type { DiscoveryProvider, GroupsListener, TargetGroup } from '../target-group';
import type { KubernetesTargetsConfig } from './kubernetes-config';
import { podSpecFor } from './pod-list-watch';
import { podTargets } from './pod-targets';

export interface KubernetesDiscoveryDeps {
  logger: Logger;
  metrics: DiscoveryMetrics;
  /** Used with `nodeLocal`. */
  nodeName: string;
  /** Default: created from the config (the client library is loaded then). */
  clients?: KubernetesClients;
  listWatch?: Partial<ListWatchOptions>;
}

const LIST_WATCH: ListWatchOptions = {
  pageSize: 500,
  watchTimeoutSeconds: 300,
  initialBackoffMs: 500,
  maxBackoffMs: 30_000,
};

/**
 * `targets.kubernetes`: core's list+watch loop per namespace (or one for all namespaces). Every pod change recomputes
 * the groups of the pods known; while the API fails, the loop retries with backoff and the known pods stay targets.
 */
export class KubernetesDiscovery implements DiscoveryProvider {
  readonly name = 'kubernetes';
  readonly job: ScrapeJob;
  private readonly loops: ListWatchLoop<V1Pod>[] = [];
  private readonly scopes: Map<string, V1Pod>[] = [];
  private readonly reportedInvalid = new Set<string>();
  private listener: GroupsListener | undefined;
  private emitScheduled = false;

  constructor(
    private readonly config: KubernetesTargetsConfig,
    private readonly deps: KubernetesDiscoveryDeps,
  ) {
    this.job = jobOf(config);
  }

  /** Fails when the API client cannot be configured (e.g. in-cluster mode outside a cluster); the API may be down. */
  async start(listener: GroupsListener): Promise<void> {
    this.listener = listener;
    const clients = this.deps.clients ?? (await createKubernetesClients(this.config));
    const nodeName = this.config.nodeLocal ? this.deps.nodeName : undefined;
    const namespaces = this.config.namespaces.length > 0 ? this.config.namespaces : [undefined];
    for (const namespace of namespaces) {
      const pods = new Map<string, V1Pod>();
      this.scopes.push(pods);
      const spec = podSpecFor(clients, namespace, nodeName);
      const loop = new ListWatchLoop(
        clients.watch,
        spec,
        {
          onList: (items) => {
            pods.clear();
            for (const pod of items) pods.set(podKey(pod), pod);
            this.scheduleEmit();
          },
          onEvent: (type, pod) => {
            if (type === 'DELETED') pods.delete(podKey(pod));
            else pods.set(podKey(pod), pod);
            this.scheduleEmit();
          },
          onError: (err, retryInMs) => this.failed(spec.description, err, retryInMs),
          onExpired: () => this.deps.logger.info({ resource: spec.description }, 'pod watch expired; listing again'),
        },
        { ...LIST_WATCH, ...this.deps.listWatch },
      );
      this.loops.push(loop);
      loop.start();
    }
  }

  async stop(): Promise<void> {
    this.listener = undefined;
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }

  /** Events come one per pod: compute the groups once per burst. */
  private scheduleEmit(): void {
    if (this.emitScheduled) return;
    this.emitScheduled = true;
    setImmediate(() => {
      this.emitScheduled = false;
      this.listener?.(this.currentGroups());
    });
  }

  private currentGroups(): TargetGroup[] {
    const groups: TargetGroup[] = [];
    for (const pods of this.scopes) {
      for (const pod of pods.values()) {
        const result = podTargets(pod, { podLabels: this.config.podLabels });
        if (result.kind === 'group') groups.push(result.group);
        else if (result.kind === 'invalid') this.reportInvalid(pod, result.reason);
      }
    }
    return groups;
  }

  private reportInvalid(pod: V1Pod, reason: string): void {
    const key = `${podKey(pod)}\n${reason}`;
    if (this.reportedInvalid.has(key)) return;
    if (this.reportedInvalid.size >= 1000) this.reportedInvalid.clear();
    this.reportedInvalid.add(key);
    const { namespace, name } = pod.metadata ?? {};
    this.deps.logger.warn({ namespace, pod: name, reason }, 'annotated pod cannot be scraped');
  }

  private failed(resource: string, err: unknown, retryInMs: number): void {
    const status = httpStatusOf(err);
    this.deps.metrics.errors.inc({ provider: this.name, reason: status !== undefined ? `http_${status}` : 'request' });
    this.deps.logger.warn({ err, resource, retryInMs }, 'kubernetes pod list/watch failed; keeping the known pods');
  }
}

function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}
