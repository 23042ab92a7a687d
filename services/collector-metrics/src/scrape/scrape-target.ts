import type { ScrapeJob } from './scrape-job';

/** A target ready to scrape: relabeled, internal labels gone. */
export interface ScrapeTarget {
  /** Identity of the target (final labels + URL); the same target rediscovered keeps its loop and its series. */
  key: string;
  /** 64-bit hash of the identity: places the target's scrapes in the interval. */
  hash: bigint;
  /** Final target labels, `job` and `instance` included; added to every scraped series. */
  labels: Readonly<Record<string, string>>;
  url: string;
  job: ScrapeJob;
}
