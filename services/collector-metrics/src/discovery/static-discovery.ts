import type { ScrapeJob } from '../scrape/scrape-job';
import { jobOf, type StaticTargetsConfig } from './source-config';
import type { DiscoveryProvider, GroupsListener } from './target-group';

/** `targets.static[i]`: one group, known at start, never changing. */
export class StaticDiscovery implements DiscoveryProvider {
  readonly job: ScrapeJob;

  constructor(
    readonly name: string,
    private readonly config: StaticTargetsConfig,
  ) {
    this.job = jobOf(config);
  }

  start(listener: GroupsListener): Promise<void> {
    const targets = this.config.targets.map((address) => ({ __address__: address }));
    listener([{ source: this.name, targets, labels: { ...this.config.labels } }]);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}
