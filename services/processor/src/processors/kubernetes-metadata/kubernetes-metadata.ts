import type { StoredPod } from '@daytwo/core';
import { defineProcessor, type PipelineKind, type PipelineRecords, type ProcessorContext } from '@daytwo/processor-api';
import { KubernetesMetadataConfig } from './config';
import { enrichLogRecord, enrichMetricSample, keyMatcher, logPodRef, metricPodRef } from './enrich';
import { kubernetesMetadataLookups, type LookupResult } from './metrics';
import { acquirePodCache } from './pod-cache-pool';

/** What the processor needs of a pod cache (PodWatchCache in production). */
export interface PodLookup {
  getByUid(uid: string): StoredPod | undefined;
  getByName(namespace: string, name: string): StoredPod | undefined;
  waitForSync(timeoutMs: number): Promise<boolean>;
}

export interface PodLookupLease {
  readonly cache: PodLookup;
  release(): Promise<void>;
}

export type AcquirePodLookup = (config: KubernetesMetadataConfig, ctx: ProcessorContext) => Promise<PodLookupLease>;

/** The pod cache a processor config asks for; equal options share one cache (see acquirePodCache). */
export function podCacheOptions(config: KubernetesMetadataConfig) {
  return {
    kubernetes: config.kubernetes,
    ...(config.stateDir !== undefined ? { stateDir: config.stateDir } : {}),
    deletedPodTtlMs: config.deletedPodTtlSeconds * 1000,
    maxDeletedPods: config.maxDeletedPods,
  };
}

const acquireWatchCache: AcquirePodLookup = (config, ctx) => acquirePodCache(podCacheOptions(config), ctx.logger);

function find(cache: PodLookup, ref: { uid?: string; namespace?: string; name?: string }): StoredPod | undefined {
  if (ref.uid) {
    const byUid = cache.getByUid(ref.uid);
    if (byUid) return byUid;
  }
  return ref.namespace && ref.name ? cache.getByName(ref.namespace, ref.name) : undefined;
}

/** The processor with its pod source; `acquire` is replaceable so tests can hand it pods without an API server. */
export function defineKubernetesMetadata(acquire: AcquirePodLookup) {
  return defineProcessor({
    type: 'kubernetes-metadata',
    description:
      'Adds the pod labels, annotations, workload (Deployment, StatefulSet, DaemonSet, CronJob...) and node to logs ' +
      '(by kubernetes.pod.uid) and chosen pod labels to metric samples (by a pod uid label, or namespace and pod ' +
      'labels), from a list+watch cache of the API that remembers deleted pods for a while. A record whose pod is ' +
      'unknown passes unchanged.',
    kinds: ['log', 'metric'] as PipelineKind[],
    configSchema: KubernetesMetadataConfig,
    async create(config, ctx) {
      const lease = await acquire(config, ctx);
      const options = { labels: keyMatcher(config.labels), annotations: keyMatcher(config.annotations) };
      const synced = lease.cache.waitForSync(config.syncTimeoutSeconds * 1000).then((ok) => {
        if (!ok) ctx.logger.warn({}, 'pods not listed yet; enriching from what is known so far');
      });
      const count = (result: LookupResult) => kubernetesMetadataLookups.inc({ processor: ctx.name, result });
      const enrich = (record: PipelineRecords[PipelineKind]) => {
        const isLog = 'event' in record;
        const ref = isLog ? logPodRef(record) : metricPodRef(record, config.metrics);
        if (!ref.uid && !(ref.namespace && ref.name)) {
          count('no_pod_ref');
          return record;
        }
        const stored = find(lease.cache, ref);
        if (stored === undefined) {
          count('pod_unknown');
          return record;
        }
        count('enriched');
        return isLog
          ? enrichLogRecord(record, stored.pod, options)
          : enrichMetricSample(record, stored.pod, config.metrics);
      };
      return {
        async process(batch: PipelineRecords[PipelineKind][]) {
          await synced;
          return batch.map(enrich);
        },
        close: () => lease.release(),
      };
    },
  });
}

export const kubernetesMetadata = defineKubernetesMetadata(acquireWatchCache);
