import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testEnv } from '../support/env';
import { uniqueName } from '../support/unique';
import type { CollectedProcess, ServiceName } from './security-support';

const secret = (what: string) => `${what}-${randomBytes(9).toString('base64url')}`;
/** Every configured secret of this run: distinctive, so any appearance in an output is a leak. */
export const SECRETS = {
  kafkaScram: secret('kafka-scram'),
  kafkaPlain: secret('kafka-plain'),
  scrape: secret('scrape'),
  redis: secret('redis'),
  es: secret('es'),
  esWrong: secret('es-wrong'),
  redisWrong: secret('redis-wrong'),
  remoteWrite: secret('rw-token'),
  alertmanager: secret('am'),
  hmac: secret('hmac'),
  hookHeader: secret('hook-header'),
  notAUrl: secret('not-a-url'),
};
export const USERS = { es: 'daytwo-sink', alertmanager: 'daytwo-alerter', scrape: 'scraper' };
/** Each secret as it could show up: verbatim, base64, or inside a Basic authorization header. */
export const LEAK_FORMS = Object.values(SECRETS).flatMap((s) => [
  s,
  Buffer.from(s).toString('base64'),
  ...Object.values(USERS).map((u) => Buffer.from(`${u}:${s}`).toString('base64')),
]);

export interface ServiceRun {
  label: string;
  service: ServiceName;
  config: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  /** Dotted paths in the logged config that must read [REDACTED]. */
  redacted: string[];
  process?: CollectedProcess;
}

/** Where the runs connect to, and where their secret files go (`<dir>/secrets` must exist). */
export interface SecretsStack {
  dir: string;
  caFile: string;
  redisUrl: string;
  esUrl: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  esPrefix: string;
}

/** Writes a secret file and returns its `${file:}` reference. */
function fileSecret(stack: SecretsStack, name: string, value: string): string {
  const file = join(stack.dir, 'secrets', name);
  writeFileSync(file, `${value}\n`);
  return `\${file:${file}}`;
}

function kafkaSection(stack: SecretsStack, label: string, mechanism: 'plain' | 'scram-sha-512') {
  const password =
    mechanism === 'plain'
      ? { passwordFile: join(stack.dir, 'secrets', 'kafka-plain') }
      : { passwordEnv: 'KAFKA_PASSWORD' };
  // The shared broker has no SASL listener: these clients fail to connect, which is part of what is watched.
  return {
    brokers: testEnv.kafkaBrokers,
    clientId: `secrets-it-${label}`,
    connectionTimeoutMs: 2_000,
    sasl: { mechanism, username: 'daytwo', ...password },
  };
}

const telemetry = { logLevel: 'debug', metrics: { host: '127.0.0.1', port: 0 } };

/**
 * The seven runs: every service once with working credentials (Kafka SASL aside: the shared broker has no SASL
 * listener), and the sink and the alerter once more with wrong ones, whose error paths are where secrets leak.
 */
export function serviceRuns(stack: SecretsStack): ServiceRun[] {
  const fileRef = (name: string, value: string) => fileSecret(stack, name, value);
  const kafka = (label: string, mechanism: 'plain' | 'scram-sha-512') => kafkaSection(stack, label, mechanism);
  const tls = { caFile: stack.caFile };
  const topicPrefix = uniqueName('secrets');
  const kafkaEnv = { KAFKA_PASSWORD: SECRETS.kafkaScram };
  const sinkBase = (label: string, esPassword: string, redisPassword: string) => ({
    kafka: kafka(label, 'scram-sha-512'),
    topicPrefix,
    elasticsearch: {
      node: stack.esUrl,
      auth: { username: USERS.es, password: esPassword },
      tls,
      index: { prefix: stack.esPrefix, mode: 'daily', replicas: 0 },
    },
    remoteWrite: { url: `${stack.prometheusUrl}/api/v1/write`, auth: { bearerToken: '${env:RW_TOKEN}' }, tls },
    state: { redis: { url: stack.redisUrl, password: redisPassword, tls, keyPrefix: `${topicPrefix}:` } },
    pipelines: { logs: {}, metrics: {} },
    telemetry,
  });
  const sinkEnv = { ...kafkaEnv, RW_TOKEN: SECRETS.remoteWrite };
  const alerterBase = (label: string, redisPassword: string) => ({
    kafka: kafka(label, 'plain'),
    topicPrefix,
    redis: { url: stack.redisUrl, password: redisPassword, tls, prefix: topicPrefix },
    cluster: 'secrets-it',
    destinations: [
      {
        name: 'am',
        type: 'alertmanager',
        url: stack.alertmanagerUrl,
        auth: { username: USERS.alertmanager, password: '${env:AM_PASSWORD}' },
        tls,
      },
      {
        name: 'hook',
        type: 'webhook',
        url: 'https://127.0.0.1:9/hook',
        headers: { 'X-Api-Key': '${env:HOOK_KEY}' },
        hmacSecret: fileRef('hmac', SECRETS.hmac),
        tls,
      },
    ],
    telemetry,
  });
  const alerterEnv = { AM_PASSWORD: SECRETS.alertmanager, HOOK_KEY: SECRETS.hookHeader };
  const alerterRedacted = [
    'redis.password',
    'destinations[0].auth.password',
    'destinations[1].headers',
    'destinations[1].hmacSecret',
  ];
  const sinkRedacted = ['elasticsearch.auth.password', 'remoteWrite.auth.bearerToken', 'state.redis.password'];
  return [
    {
      label: 'collector-logs',
      service: 'collector-logs',
      config: {
        kafka: kafka('collector-logs', 'scram-sha-512'),
        topicPrefix,
        nodeName: 'secrets-it',
        discovery: { root: join(stack.dir, 'pods') },
        checkpoint: { dir: join(stack.dir, 'checkpoints') },
        telemetry,
      },
      env: kafkaEnv,
      redacted: [],
    },
    {
      label: 'collector-metrics',
      service: 'collector-metrics',
      config: {
        kafka: kafka('collector-metrics', 'plain'),
        topicPrefix,
        nodeName: 'secrets-it',
        scrape: { interval: '1s', timeout: '800ms' },
        targets: {
          static: [
            {
              job: 'node',
              targets: ['127.0.0.1:9100'],
              basicAuth: { username: USERS.scrape, password: '${env:SCRAPE_PASSWORD}' },
            },
          ],
        },
        telemetry,
      },
      env: { SCRAPE_PASSWORD: SECRETS.scrape },
      redacted: ['targets.static[0].basicAuth.password'],
    },
    {
      label: 'processor',
      service: 'processor',
      config: {
        kafka: kafka('processor', 'scram-sha-512'),
        topicPrefix,
        state: { redis: { url: stack.redisUrl, password: fileRef('processor-redis', SECRETS.redis), tls } },
        telemetry,
      },
      env: kafkaEnv,
      redacted: ['state.redis.password'],
    },
    {
      label: 'sink',
      service: 'sink',
      config: sinkBase('sink', fileRef('es', SECRETS.es), '${env:REDIS_PASSWORD}'),
      env: { ...sinkEnv, REDIS_PASSWORD: SECRETS.redis },
      redacted: sinkRedacted,
    },
    {
      label: 'sink with wrong credentials',
      service: 'sink',
      config: sinkBase('sink-wrong', '${env:ES_PASSWORD}', fileRef('sink-redis-wrong', SECRETS.redisWrong)),
      env: { ...sinkEnv, ES_PASSWORD: SECRETS.esWrong },
      redacted: sinkRedacted,
    },
    {
      label: 'alerter',
      service: 'alerter',
      config: alerterBase('alerter', fileRef('alerter-redis', SECRETS.redis)),
      env: { ...kafkaEnv, ...alerterEnv },
      redacted: alerterRedacted,
    },
    {
      label: 'alerter with wrong Redis password',
      service: 'alerter',
      config: alerterBase('alerter-wrong', '${env:REDIS_PASSWORD}'),
      env: { ...kafkaEnv, ...alerterEnv, REDIS_PASSWORD: SECRETS.redisWrong },
      redacted: alerterRedacted,
    },
  ];
}
