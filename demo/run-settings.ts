import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DemoOptions } from './options';

/** The repository root, whether this runs built (`.build/demo/`) or from source (`demo/`, in tests). */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'demo', 'config')) && existsSync(join(dir, 'package.json'))) return dir;
  }
  return resolve(from, '..', '..');
}

export const REPO_ROOT = findRepoRoot(__dirname);

export const SERVICES = ['collector-logs', 'collector-metrics', 'processor', 'sink', 'alerter'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** What `npx daytwo status` reads by default; also the order in which the services start. */
export const FIXED_PORTS: Record<ServiceName, number> = {
  'collector-logs': 9464,
  'collector-metrics': 9465,
  processor: 9466,
  sink: 9467,
  alerter: 9468,
};

/** The local stack's endpoints, overridable like the tests' (DAYTWO_KAFKA_BROKERS, DAYTWO_ES_URL...). */
export interface StackEndpoints {
  kafkaBrokers: string[];
  elasticsearchUrl: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  redisUrl: string;
}

export function stackEndpoints(env: NodeJS.ProcessEnv = process.env): StackEndpoints {
  return {
    kafkaBrokers: (env.DAYTWO_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
    elasticsearchUrl: env.DAYTWO_ES_URL ?? 'http://127.0.0.1:9200',
    prometheusUrl: env.DAYTWO_PROMETHEUS_URL ?? 'http://127.0.0.1:9090',
    alertmanagerUrl: env.DAYTWO_ALERTMANAGER_URL ?? 'http://127.0.0.1:9093',
    redisUrl: env.DAYTWO_REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

/** Every name a run creates, so that runs with different ids share nothing. */
export interface RunNames {
  /** '' for the plain topic names. */
  topicPrefix: string;
  indexPrefix: string;
  processorKeyPrefix: string;
  sinkKeyPrefix: string;
  alerterRedisPrefix: string;
  cluster: string;
  groups: {
    processorLogs: string;
    processorMetrics: string;
    sinkLogs: string;
    sinkMetrics: string;
    sinkAnomalies: string;
    alerter: string;
  };
}

/** Without a run id the names of config/*.yaml; with one, everything under the id (`<id>_processor-logs`...). */
export function runNames(runId: string | undefined): RunNames {
  if (runId === undefined) {
    return {
      topicPrefix: '',
      indexPrefix: 'daytwo',
      processorKeyPrefix: 'daytwo:processor:',
      sinkKeyPrefix: 'daytwo:sink:',
      alerterRedisPrefix: 'daytwo-alerter',
      cluster: 'demo',
      groups: {
        processorLogs: 'daytwo-processor-logs',
        processorMetrics: 'daytwo-processor-metrics',
        sinkLogs: 'daytwo-sink-logs',
        sinkMetrics: 'daytwo-sink-metrics',
        sinkAnomalies: 'daytwo-sink-anomalies',
        alerter: 'daytwo-alerter',
      },
    };
  }
  return {
    topicPrefix: runId,
    indexPrefix: runId,
    processorKeyPrefix: `${runId}:processor:`,
    sinkKeyPrefix: `${runId}:sink:`,
    // BullMQ and the grouping state live under `<prefix>:`, so this too is under `<id>:`.
    alerterRedisPrefix: runId,
    cluster: runId,
    groups: {
      processorLogs: `${runId}_processor-logs`,
      processorMetrics: `${runId}_processor-metrics`,
      sinkLogs: `${runId}_sink-logs`,
      sinkMetrics: `${runId}_sink-metrics`,
      sinkAnomalies: `${runId}_sink-anomalies`,
      alerter: `${runId}_alerter`,
    },
  };
}

export interface RunSettings {
  options: DemoOptions;
  names: RunNames;
  stack: StackEndpoints;
  /** Absolute working folder. */
  dir: string;
  podsDir: string;
  checkpointDir: string;
  configDir: string;
  logDir: string;
  targetsFile: string;
  /** Telemetry port per service; 0 = any free port. */
  ports: Record<ServiceName, number>;
}

export function runSettings(options: DemoOptions, env: NodeJS.ProcessEnv = process.env): RunSettings {
  const dir = resolve(env.INIT_CWD ?? process.cwd(), options.dir ?? resolve(REPO_ROOT, '.stack', 'demo'));
  const ports = { ...FIXED_PORTS };
  if (options.ports === 'auto') for (const service of SERVICES) ports[service] = 0;
  return {
    options,
    names: runNames(options.runId),
    stack: stackEndpoints(env),
    dir,
    podsDir: resolve(dir, 'pods'),
    checkpointDir: resolve(dir, 'checkpoints'),
    configDir: resolve(dir, 'config'),
    logDir: resolve(dir, 'logs'),
    targetsFile: resolve(dir, 'config', 'demo-apps-targets.yaml'),
    ports,
  };
}
