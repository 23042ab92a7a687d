import type { Logger } from 'pino';
import type { RelabelConfig } from '@daytwo/core';
import type { ScrapeTarget } from '../scrape/scrape-target';
import type { DiscoveryMetrics } from './discovery-metrics';
import { buildTarget } from './target-builder';
import type { DiscoveryProvider, TargetGroup } from './target-group';

export interface DiscoveryManagerOptions {
  providers: readonly DiscoveryProvider[];
  relabelConfigs: readonly RelabelConfig[];
  /** Receives the complete target set after every change (deduplicated by identity). */
  onTargets: (targets: ScrapeTarget[]) => void;
  logger: Logger;
  metrics: DiscoveryMetrics;
  /** Changes arriving within this window are applied together. Default 200 ms. */
  updateDelayMs?: number;
}

/** Collects the groups of every provider and turns them into scrape targets. */
export class DiscoveryManager {
  private readonly groups = new Map<string, TargetGroup[]>();
  private readonly reportedInvalid = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: DiscoveryManagerOptions) {}

  /** Starts every provider; fails (after stopping the started ones) when one cannot start. */
  async start(): Promise<void> {
    const started: DiscoveryProvider[] = [];
    try {
      for (const provider of this.options.providers) {
        await provider.start((groups) => this.update(provider.name, groups));
        started.push(provider);
      }
    } catch (err) {
      await Promise.allSettled(started.map((p) => p.stop()));
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled(this.options.providers.map((p) => p.stop()));
  }

  private update(provider: string, groups: TargetGroup[]): void {
    if (this.stopped) return;
    this.groups.set(provider, groups);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.options.onTargets(this.buildTargets());
    }, this.options.updateDelayMs ?? 200);
  }

  /** The current targets of all providers; the first of several identical targets wins. */
  buildTargets(): ScrapeTarget[] {
    const { metrics, relabelConfigs } = this.options;
    const targets = new Map<string, ScrapeTarget>();
    for (const provider of this.options.providers) {
      let count = 0;
      let dropped = 0;
      let invalid = 0;
      for (const group of this.groups.get(provider.name) ?? []) {
        for (const labels of group.targets) {
          const result = buildTarget(group, labels, provider.job, relabelConfigs);
          if (result.kind === 'target') {
            if (targets.has(result.target.key)) continue;
            targets.set(result.target.key, result.target);
            count++;
          } else if (result.kind === 'dropped') {
            dropped++;
          } else {
            invalid++;
            this.reportInvalid(provider.name, group.source, result.reason);
          }
        }
      }
      metrics.targets.set({ provider: provider.name }, count);
      metrics.targetsDropped.set({ provider: provider.name, reason: 'relabel' }, dropped);
      metrics.targetsDropped.set({ provider: provider.name, reason: 'invalid' }, invalid);
    }
    return [...targets.values()];
  }

  private reportInvalid(provider: string, source: string, reason: string): void {
    const key = `${provider}\n${source}\n${reason}`;
    if (this.reportedInvalid.has(key)) return;
    // Pods come and go: forget old reports rather than grow without bound.
    if (this.reportedInvalid.size >= 1000) this.reportedInvalid.clear();
    this.reportedInvalid.add(key);
    this.options.logger.warn({ provider, source, reason }, 'discovered target is invalid and is not scraped');
  }
}
