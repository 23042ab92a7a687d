import { CoreV1Api, ListWatch, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ScrapeJob } from '../../scrape/scrape-job';
import type { DiscoveryMetrics } from '../discovery-metrics';
import { jobOf } from '../source-config';
import type { DiscoveryProvider, GroupsListener, TargetGroup } from '../target-group';
import { kubeConfigFor } from './kube-config';
import type { KubernetesTargetsConfig } from './kubernetes-config';
import { podTargets } from './pod-targets';

export interface KubernetesDiscoveryDeps {
  logger: Logger;
  metrics: DiscoveryMetrics;
  /** Used with `nodeLocal`. */
  nodeName: string;
  /** For tests; default built from the config. */
  kubeConfig?: KubeConfig;
}

/**
 * `targets.kubernetes`: one list+watch (the client's ListWatch informer) per namespace, or one for all namespaces.
 * Every pod change recomputes the groups of all pods known; an API failure is retried after `retryDelay` while the
 * targets known so far keep being scraped.
 */
export class KubernetesDiscovery implements DiscoveryProvider {
  readonly name = 'kubernetes';
  readonly job: ScrapeJob;
  private readonly informers: ListWatch<V1Pod>[] = [];
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly reportedInvalid = new Set<string>();
  private listener: GroupsListener | undefined;
  private emitScheduled = false;

  constructor(
    private readonly config: KubernetesTargetsConfig,
    private readonly deps: KubernetesDiscoveryDeps,
  ) {
    this.job = jobOf(config);
  }

  async start(listener: GroupsListener): Promise<void> {
    this.listener = listener;
    const kc = this.deps.kubeConfig ?? kubeConfigFor(this.config);
    const api = kc.makeApiClient(CoreV1Api);
    const watch = new Watch(kc);
    const fieldSelector = this.config.nodeLocal ? `spec.nodeName=${this.deps.nodeName}` : undefined;
    const scopes = this.config.namespaces.length > 0 ? this.config.namespaces : [undefined];
    for (const namespace of scopes) {
      const path =
        namespace === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
      const list = () =>
        namespace === undefined
          ? api.listPodForAllNamespaces({ fieldSelector })
          : api.listNamespacedPod({ namespace, fieldSelector });
      const informer = new ListWatch<V1Pod>(path, watch, list, false, undefined, fieldSelector);
      for (const verb of ['add', 'update', 'delete'] as const) informer.on(verb, () => this.scheduleEmit());
      informer.on('error', (err) => this.failed(informer, namespace, err));
      this.informers.push(informer);
    }
    await Promise.all(this.informers.map((informer) => informer.start()));
    this.scheduleEmit();
  }

  async stop(): Promise<void> {
    this.listener = undefined;
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    await Promise.all(this.informers.map((informer) => informer.stop()));
  }

  /** Events come one per pod (a list is hundreds): compute the groups once per burst. */
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
    for (const informer of this.informers) {
      for (const pod of informer.list()) {
        const result = podTargets(pod, { podLabels: this.config.podLabels });
        if (result.kind === 'group') groups.push(result.group);
        else if (result.kind === 'invalid') this.reportInvalid(pod, result.reason);
      }
    }
    return groups;
  }

  private reportInvalid(pod: V1Pod, reason: string): void {
    const key = `${pod.metadata?.uid ?? ''}\n${reason}`;
    if (this.reportedInvalid.has(key)) return;
    if (this.reportedInvalid.size >= 1000) this.reportedInvalid.clear();
    this.reportedInvalid.add(key);
    const { namespace, name } = pod.metadata ?? {};
    this.deps.logger.warn({ namespace, pod: name, reason }, 'annotated pod cannot be scraped');
  }

  private failed(informer: ListWatch<V1Pod>, namespace: string | undefined, err: unknown): void {
    if (!this.listener) return;
    const status = (err as { statusCode?: number; code?: number }).statusCode ?? (err as { code?: number }).code;
    this.deps.metrics.errors.inc({ provider: this.name, reason: status !== undefined ? `http_${status}` : 'request' });
    this.deps.logger.warn(
      { err, namespace: namespace ?? '(all)', retryInMs: this.config.retryDelay },
      'kubernetes pod list/watch failed; keeping the known pods and retrying',
    );
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      if (this.listener) void informer.start();
    }, this.config.retryDelay);
    this.retries.add(timer);
  }
}
