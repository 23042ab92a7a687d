import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../logs/service-child';
import type { ProcessorChoice } from './args';

type Config = Record<string, unknown>;

/** The shipped config of a service (config/<service>.yaml): the bench changes only what isolates its run. */
function shipped(service: string): Config {
  return parse(readFileSync(join(REPO_ROOT, 'config', `${service}.yaml`), 'utf8')) as Config;
}

const section = (config: Config, key: string): Config => (config[key] ?? {}) as Config;

export interface DaytwoRunNames {
  brokers: string[];
  topicPrefix: string;
  /** Consumer groups are `<groupPrefix>_processor` and `<groupPrefix>_sink`. */
  groupPrefix: string;
  redisKeyPrefix: string;
  redisUrl: string;
  prometheusUrl: string;
  job: string;
}

export function collectorConfig(names: DaytwoRunNames, addresses: readonly string[], intervalSeconds: number): Config {
  const base = shipped('collector-metrics');
  const scrape = section(base, 'scrape');
  return {
    ...base,
    kafka: { ...section(base, 'kafka'), brokers: names.brokers },
    topicPrefix: names.topicPrefix,
    nodeName: 'bench',
    scrape: { ...scrape, interval: `${intervalSeconds}s`, timeout: `${Math.max(1, intervalSeconds - 1)}s` },
    targets: { static: [{ job: names.job, targets: addresses }] },
  };
}

/** `processors: 'none'` empties the metrics chain (the shipped one runs metric-anomalies). */
export function processorConfig(names: DaytwoRunNames, processors: ProcessorChoice): Config {
  const base = shipped('processor');
  const pipelines = section(base, 'pipelines');
  const metrics = section(pipelines, 'metrics');
  const state = section(base, 'state');
  return {
    ...base,
    kafka: { ...section(base, 'kafka'), brokers: names.brokers },
    topicPrefix: names.topicPrefix,
    pipelines: {
      logs: { ...section(pipelines, 'logs'), enabled: false },
      metrics: {
        ...metrics,
        enabled: true,
        consumer: { ...section(metrics, 'consumer'), groupId: `${names.groupPrefix}_processor` },
        ...(processors === 'none' ? { processors: [] } : {}),
      },
    },
    state: {
      ...state,
      redis: { ...section(state, 'redis'), url: names.redisUrl, keyPrefix: `${names.redisKeyPrefix}processor:` },
    },
  };
}

export function sinkConfig(names: DaytwoRunNames): Config {
  const { elasticsearch: _es, ...base } = shipped('sink');
  const metrics = section(section(base, 'pipelines'), 'metrics');
  const state = section(base, 'state');
  return {
    ...base,
    kafka: { ...section(base, 'kafka'), brokers: names.brokers },
    topicPrefix: names.topicPrefix,
    pipelines: {
      metrics: { ...metrics, consumer: { ...section(metrics, 'consumer'), groupId: `${names.groupPrefix}_sink` } },
    },
    remoteWrite: {
      ...section(base, 'remoteWrite'),
      url: `${names.prometheusUrl}/api/v1/write`,
      queryUrl: `${names.prometheusUrl}/api/v1/query`,
    },
    state: {
      ...state,
      redis: { ...section(state, 'redis'), url: names.redisUrl, keyPrefix: `${names.redisKeyPrefix}sink:` },
    },
  };
}
