export * from './exposition';
export * from './config';
export {
  startCollector,
  startCollectorMetrics,
  runCollectorMetrics,
  COLLECTOR_METRICS_SERVICE_NAME,
  type CollectorDeps,
  type RunningCollector,
  type RunCollectorMetricsOptions,
} from './main';
export type { TargetGroup, DiscoveryProvider, GroupsListener } from './discovery/target-group';
export { buildTarget, type TargetBuildResult } from './discovery/target-builder';
export { parseFileSd, FileSdError } from './discovery/file-sd-format';
export { podTargets, sanitizeLabelName, type PodLike } from './discovery/kubernetes/pod-targets';
export { KubernetesTargetsConfig } from './discovery/kubernetes/kubernetes-config';
export { acceptHeader, SCRAPE_PROTOCOLS, type ScrapeProtocol } from './scrape/accept-header';
export { scrapePhaseMs, nextScrapeTime } from './scrape/jitter';
export { seriesHash, sampleId, targetIdentity } from './scrape/series-identity';
export { ScrapeError, type ScrapeFailureReason } from './scrape/scrape-error';
export type { ScrapeTarget } from './scrape/scrape-target';
export type { TargetStatus } from './scrape/scrape-manager';
export { seriesKey } from './publish/series-key';
