import { hostname } from 'node:os';
import {
  KafkaConnectionConfig,
  ProducerSettings,
  RelabelConfigSchema,
  TelemetryConfig,
  TopicPrefixConfig,
} from '@daytwo/core';
import { z } from 'zod';
import { KubernetesTargetsConfig } from './discovery/kubernetes/kubernetes-config';
import { FileTargetsConfig, StaticTargetsConfig } from './discovery/source-config';
import { PublishSettings } from './publish/publish-settings';
import { ScrapeSettings } from './scrape/scrape-settings';

export const TargetsConfig = z
  .object({
    static: z.array(StaticTargetsConfig).default([]),
    files: z.array(FileTargetsConfig).default([]),
    kubernetes: KubernetesTargetsConfig.prefault({}),
  })
  .strict();

/** The configuration of collector-metrics (config/collector-metrics.yaml). */
export const CollectorMetricsConfig = z
  .object({
    kafka: KafkaConnectionConfig,
    topicPrefix: TopicPrefixConfig,
    producer: ProducerSettings.prefault({}),
    /** This collector's node: seeds the scrape offsets, selects pods with `targets.kubernetes.nodeLocal`. */
    nodeName: z
      .string()
      .min(1)
      .default(() => process.env['NODE_NAME'] || hostname()),
    scrape: ScrapeSettings.prefault({}),
    publish: PublishSettings.prefault({}),
    targets: TargetsConfig.prefault({}),
    /** Applied to discovered targets (Prometheus syntax); `hashmod` + `keep` shards targets across collectors. */
    relabel_configs: z.array(RelabelConfigSchema).default([]),
    /** Applied to every scraped sample (Prometheus syntax); not to `up` and the other report series. */
    metric_relabel_configs: z.array(RelabelConfigSchema).default([]),
    telemetry: TelemetryConfig,
  })
  .strict()
  .superRefine((config, ctx) => {
    const { targets } = config;
    if (targets.static.length === 0 && targets.files.length === 0 && !targets.kubernetes.enabled) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets'],
        message: 'configure at least one of targets.static, targets.files or targets.kubernetes.enabled',
      });
    }
  });
export type CollectorMetricsConfig = z.output<typeof CollectorMetricsConfig>;
export type CollectorMetricsConfigInput = z.input<typeof CollectorMetricsConfig>;
