import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT, SERVICES, type RunSettings, type ServiceName } from './run-settings';

type Doc = Record<string, unknown>;

/** A demo config file does not have the shape the runner fills in. */
export class DemoConfigError extends Error {
  override name = 'DemoConfigError';
}

export const DEMO_CONFIG_DIR = join(REPO_ROOT, 'demo', 'config');

function set(doc: Doc, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Doc = doc;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Doc;
  }
  node[keys[keys.length - 1]!] = value;
}

function destination(doc: Doc, name: string): Doc {
  const list = doc.destinations;
  const found = Array.isArray(list) ? (list as Doc[]).find((d) => d.name === name) : undefined;
  if (!found) throw new DemoConfigError(`demo/config/alerter.yaml: destinations has no entry named ${name}`);
  return found;
}

/** The run's values of one service's config: `path → value`. */
export function runValues(service: ServiceName, run: RunSettings, webhookUrl: string): Record<string, unknown> {
  const { names, stack } = run;
  const common = {
    'kafka.brokers': stack.kafkaBrokers,
    topicPrefix: names.topicPrefix,
    'telemetry.metrics.host': '127.0.0.1',
    'telemetry.metrics.port': run.ports[service],
  };
  switch (service) {
    case 'collector-logs':
      return { ...common, 'discovery.root': run.podsDir, 'checkpoint.dir': run.checkpointDir };
    case 'collector-metrics':
      return { ...common, 'targets.files': [{ job: 'demo-apps', path: run.targetsFile, refreshInterval: '30s' }] };
    case 'processor':
      return {
        ...common,
        'pipelines.logs.consumer.groupId': names.groups.processorLogs,
        'pipelines.metrics.consumer.groupId': names.groups.processorMetrics,
        'state.redis.url': stack.redisUrl,
        'state.redis.keyPrefix': names.processorKeyPrefix,
      };
    case 'sink':
      return {
        ...common,
        'elasticsearch.node': stack.elasticsearchUrl,
        'elasticsearch.index.prefix': names.indexPrefix,
        'remoteWrite.url': `${stack.prometheusUrl}/api/v1/write`,
        'remoteWrite.queryUrl': `${stack.prometheusUrl}/api/v1/query`,
        'state.redis.url': stack.redisUrl,
        'state.redis.keyPrefix': names.sinkKeyPrefix,
        'pipelines.logs.consumer.groupId': names.groups.sinkLogs,
        'pipelines.metrics.consumer.groupId': names.groups.sinkMetrics,
        'pipelines.anomalies.consumer.groupId': names.groups.sinkAnomalies,
      };
    case 'alerter':
      return {
        ...common,
        'consumer.groupId': names.groups.alerter,
        'redis.url': stack.redisUrl,
        'redis.prefix': names.alerterRedisPrefix,
        cluster: names.cluster,
        'links.prometheusUrl': stack.prometheusUrl,
        'destinations[alertmanager].url': stack.alertmanagerUrl,
        'destinations[demo-webhook].url': webhookUrl,
      };
  }
}

/** demo/config/<service>.yaml with the run's values. */
export function serviceConfig(service: ServiceName, run: RunSettings, webhookUrl: string): Doc {
  const file = join(DEMO_CONFIG_DIR, `${service}.yaml`);
  const doc = parse(readFileSync(file, 'utf8')) as unknown;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new DemoConfigError(`${file}: expected a mapping at the top level`);
  }
  for (const [path, value] of Object.entries(runValues(service, run, webhookUrl))) {
    const item = /^destinations\[([^\]]+)\]\.(.+)$/.exec(path);
    if (item) set(destination(doc as Doc, item[1]!), item[2]!, value);
    else set(doc as Doc, path, value);
  }
  return doc as Doc;
}

/** Writes every service's config into the run's config folder; returns the file per service. */
export function writeServiceConfigs(run: RunSettings, webhookUrl: string): Record<ServiceName, string> {
  mkdirSync(run.configDir, { recursive: true });
  const files = {} as Record<ServiceName, string>;
  for (const service of SERVICES) {
    const file = join(run.configDir, `${service}.yaml`);
    const header = `# Written by the demo runner from demo/config/${service}.yaml with this run's names and ports.\n`;
    writeFileSync(file, header + stringify(serviceConfig(service, run, webhookUrl)));
    files[service] = file;
  }
  return files;
}
