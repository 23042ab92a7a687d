import type { ScrapeJob } from '../scrape/scrape-job';

/** Targets found together (one file_sd entry, one pod), in Prometheus' shape. */
export interface TargetGroup {
  /** Unique within its provider: `<file>:<index>`, `pod/<namespace>/<name>`... */
  source: string;
  /** One label set per target; each holds `__address__` and may hold meta labels (`__meta_*`). */
  targets: Record<string, string>[];
  /** Labels of every target of the group; a target's own labels win. */
  labels: Record<string, string>;
}

/** Called by a provider with the complete current set of its groups, each time it changes. */
export type GroupsListener = (groups: TargetGroup[]) => void;

/** A source of targets: static list, file_sd files, Kubernetes pods. */
export interface DiscoveryProvider {
  /** Unique among the providers, e.g. `static[0]`, `files[1]`, `kubernetes`. */
  readonly name: string;
  /** How its targets are scraped, and their `job`. */
  readonly job: ScrapeJob;
  /** Starts discovering; calls `listener` with the first set as soon as it is known. */
  start(listener: GroupsListener): Promise<void>;
  stop(): Promise<void>;
}
