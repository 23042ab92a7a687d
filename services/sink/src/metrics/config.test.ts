import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, redactConfig } from '@daytwo/core';
import { parse } from 'yaml';
import { SinkConfig } from '../config';

const ROOT = join(__dirname, '../../../..');

function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const readFile = (path: string) => {
    if (path === '/etc/test.yaml') return yaml;
    if (path === '/run/secrets/token') return 'tok3n\n';
    throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  };
  return loadConfig(SinkConfig, { file: '/etc/test.yaml', env, readFile });
}

function problems(yaml: string): string[] {
  try {
    load(yaml);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.message);
    throw err;
  }
  return [];
}

const base =
  'kafka: { brokers: ["k:9092"] }\npipelines: { metrics: {} }\nstate: { redis: { url: "redis://r:6379" } }\n';
const rw = (section: string) => `${base}remoteWrite: ${section}\n`;

describe('SinkConfig: metrics pipeline', () => {
  it('fills the defaults of the metrics pipeline, remoteWrite and state', () => {
    const config = load(rw('{ url: http://p:9090/api/v1/write }'));
    expect(config.pipelines.metrics).toMatchObject({ enabled: true, consumer: { groupId: 'daytwo-sink-metrics' } });
    expect(config.remoteWrite).toEqual({
      url: 'http://p:9090/api/v1/write',
      headers: {},
      requestTimeoutMs: 30_000,
      shards: 4,
      batch: { maxSamples: 2000, maxDelayMs: 50 },
      retry: { initialMs: 100, maxMs: 30_000, maxRetryAfterMs: 300_000 },
    });
    expect(config.state).toEqual({
      redis: {
        url: 'redis://r:6379',
        keyPrefix: 'daytwo:sink:',
        connectTimeoutMs: 5000,
        commandTimeoutMs: 5000,
      },
      seriesTtlSeconds: 86_400,
      maxSeriesInMemory: 200_000,
    });
  });

  it('takes the Redis TLS files and credentials of the shared connection section', () => {
    const redis =
      '{ url: "rediss://r:6380", username: u, password: p, tls: { caFile: /ca.pem, servername: r.internal } }';
    const config = load(
      `kafka: { brokers: ["k:9092"] }\npipelines: { metrics: {} }\nremoteWrite: { url: http://p/w }\nstate: { redis: ${redis} }\n`,
    );
    expect(config.state?.redis).toEqual({
      url: 'rediss://r:6380',
      username: 'u',
      password: 'p',
      tls: { caFile: '/ca.pem', servername: 'r.internal', rejectUnauthorized: true },
      keyPrefix: 'daytwo:sink:',
      connectTimeoutMs: 5000,
      commandTimeoutMs: 5000,
    });
  });

  it('accepts the shipped config/sink.yaml with both pipelines enabled', () => {
    const config = loadConfig(SinkConfig, { file: join(ROOT, 'config/sink.yaml'), env: {} });
    expect(config.pipelines.metrics?.enabled).toBe(true);
    expect(config.pipelines.logs?.enabled).toBe(true);
    expect(config.remoteWrite?.queryUrl).toBe('http://127.0.0.1:9090/api/v1/query');
  });

  it("maps docker-compose's sink environment onto the config keys", () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: { sink: { environment: Record<string, string> } };
    };
    const env = Object.fromEntries(
      Object.entries(compose.services.sink.environment).filter(([name]) => name.startsWith('DAYTWO__')),
    );
    const config = loadConfig(SinkConfig, { file: join(ROOT, 'config/sink.yaml'), env });
    expect(config.remoteWrite?.url).toBe(env['DAYTWO__REMOTE_WRITE__URL']);
    expect(config.remoteWrite?.queryUrl).toBe(env['DAYTWO__REMOTE_WRITE__QUERY_URL']);
    expect(config.state?.redis.url).toBe(env['DAYTWO__STATE__REDIS__URL']);
  });

  it('takes the bearer token from a secret reference and never logs it', () => {
    const config = load(rw('{ url: https://p/api/v1/write, auth: { bearerToken: "${file:/run/secrets/token}" } }'));
    expect(config.remoteWrite?.auth?.bearerToken).toBe('tok3n');
    expect(JSON.stringify(redactConfig(config, { schema: SinkConfig }))).not.toContain('tok3n');
  });

  it.each([
    ['metrics without remoteWrite', base, ['remoteWrite: is required while pipelines.metrics']],
    [
      'metrics without state',
      'kafka: { brokers: ["k:9092"] }\npipelines: { metrics: {} }\nremoteWrite: { url: http://p/w }\n',
      ['state: is required while pipelines.metrics'],
    ],
    ['a url that is not http', rw('{ url: "p:9090" }'), ['remoteWrite.url: expected an http(s) URL']],
    ['a bad queryUrl', rw('{ url: http://p/w, queryUrl: ftp://p }'), ['remoteWrite.queryUrl: expected an http(s)']],
    [
      'basic auth and a bearer token',
      rw('{ url: http://p/w, auth: { username: u, password: p, bearerToken: t } }'),
      ['remoteWrite.auth.bearerToken: use either'],
    ],
    ['a user without password', rw('{ url: http://p/w, auth: { username: u } }'), ['remoteWrite.auth.password:']],
    ['a cert without key', rw('{ url: http://p/w, tls: { certFile: /c.pem } }'), ['remoteWrite.tls.keyFile:']],
    [
      'a protocol header',
      rw('{ url: http://p/w, headers: { content-encoding: gzip } }'),
      ['remoteWrite.headers.content-encoding: is set by the sink'],
    ],
    [
      'an Authorization header next to auth',
      rw('{ url: http://p/w, auth: { bearerToken: t }, headers: { Authorization: x } }'),
      ['remoteWrite.headers: an Authorization header conflicts'],
    ],
    ['zero shards', rw('{ url: http://p/w, shards: 0 }'), ['remoteWrite.shards:']],
    [
      'retry initial above max',
      rw('{ url: http://p/w, retry: { initialMs: 5000, maxMs: 10 } }'),
      ['remoteWrite.retry.initialMs: initialMs must not exceed maxMs'],
    ],
    [
      'a redis url that is not redis',
      'kafka: { brokers: ["k:9092"] }\npipelines: { metrics: {} }\nremoteWrite: { url: http://p/w }\nstate: { redis: { url: "http://r" } }\n',
      ['state.redis.url: must be a redis://'],
    ],
    ['a batch key typo', rw('{ url: http://p/w, batch: { maxsamples: 5 } }'), ['unknown key "maxsamples"']],
    [
      'a Redis client certificate without its key',
      'kafka: { brokers: ["k:9092"] }\npipelines: { metrics: {} }\nremoteWrite: { url: http://p/w }\nstate: { redis: { url: "rediss://r", tls: { certFile: /c.pem } } }\n',
      ['state.redis.tls.keyFile: certFile and keyFile must be given together'],
    ],
  ])('names the key: %s', (_what, yaml, expected) => {
    const found = problems(yaml);
    for (const start of expected) expect(found.some((p) => p.startsWith(start))).toBe(true);
  });
});
