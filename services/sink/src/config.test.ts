import { join } from 'node:path';
import { ConfigError, loadConfig, redactConfig } from '@daytwo/core';
import { SinkConfig } from './config';

const files: Record<string, string> = {
  '/etc/sink.yaml': [
    'kafka: { brokers: ["k:9092"] }',
    'elasticsearch:',
    '  node: https://es:9200',
    '  auth: { username: sink, password: "${file:/run/secrets/es-pw}" }',
    '  tls: { caFile: /etc/ca.pem }',
    'pipelines: { logs: {} }',
  ].join('\n'),
};
const readFile = (path: string) => {
  if (path === '/run/secrets/es-pw') return 's3cr3t\n';
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return text;
};

function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  files['/etc/test.yaml'] = yaml;
  return loadConfig(SinkConfig, { file: '/etc/test.yaml', env, readFile });
}

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    load(yaml, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.message);
    throw err;
  }
  return [];
}

const base = 'kafka: { brokers: ["k:9092"] }\n';

describe('SinkConfig', () => {
  it('fills the defaults of an enabled logs pipeline and resolves secret references', () => {
    const config = loadConfig(SinkConfig, { file: '/etc/sink.yaml', env: {}, readFile });
    expect(config.pipelines.logs).toMatchObject({ enabled: true, consumer: { groupId: 'daytwo-sink-logs' } });
    expect(config.elasticsearch).toMatchObject({
      node: 'https://es:9200',
      auth: { username: 'sink', password: 's3cr3t' },
      tls: { caFile: '/etc/ca.pem', rejectUnauthorized: true },
      index: { prefix: 'daytwo', mode: 'auto' },
      bulk: { maxDocs: 1000 },
    });
    expect(config.topicPrefix).toBe('');
  });

  it('accepts the shipped config/sink.yaml', () => {
    const config = loadConfig(SinkConfig, { file: join(__dirname, '../../../config/sink.yaml'), env: {} });
    expect(config.pipelines.logs?.enabled).toBe(true);
    expect(config.pipelines.anomalies).toMatchObject({ enabled: true, indexPeriod: 'month' });
    expect(config.elasticsearch?.index).toMatchObject({ prefix: 'daytwo', mode: 'auto' });
  });

  it('never shows Elasticsearch secrets in the logged config', () => {
    const config = load(
      `${base}pipelines: { logs: {} }\nelasticsearch: { node: http://a:9200, auth: { apiKey: "\${env:ES_KEY}" } }\n`,
      { ES_KEY: 'a2V5OnNlY3JldA==' },
    );
    expect(config.elasticsearch?.auth?.apiKey).toBe('a2V5OnNlY3JldA==');
    const logged = JSON.stringify(redactConfig(config, { schema: SinkConfig }));
    expect(logged).not.toContain('a2V5OnNlY3JldA==');
    expect(logged).toContain('http://a:9200');
  });

  it('takes the Elasticsearch node from DAYTWO__ELASTICSEARCH__NODE (as docker-compose sets it)', () => {
    const config = load(`${base}elasticsearch: { node: http://a:9200 }\npipelines: { logs: {} }\n`, {
      DAYTWO__ELASTICSEARCH__NODE: 'http://elasticsearch:9200',
    });
    expect(config.elasticsearch?.node).toBe('http://elasticsearch:9200');
  });

  it.each([
    ['no pipeline enabled', `${base}elasticsearch: { node: http://a:9200 }\n`, ['pipelines: enable at least one']],
    ['logs without elasticsearch', `${base}pipelines: { logs: {} }\n`, ['elasticsearch: is required while']],
    [
      'anomalies without elasticsearch',
      `${base}pipelines: { anomalies: {} }\n`,
      ['elasticsearch: is required while pipelines.anomalies is enabled'],
    ],
    [
      'an anomaly index period that is not month or day',
      `${base}pipelines: { anomalies: { indexPeriod: week } }\nelasticsearch: { node: http://a:9200 }\n`,
      ['pipelines.anomalies.indexPeriod: '],
    ],
    [
      'both auth methods',
      `${base}pipelines: { logs: {} }\nelasticsearch: { node: http://a:9200, auth: { username: u, password: p, apiKey: k } }\n`,
      ['elasticsearch.auth.apiKey: use either'],
    ],
    [
      'user without password',
      `${base}pipelines: { logs: {} }\nelasticsearch: { node: http://a:9200, auth: { username: u } }\n`,
      ['elasticsearch.auth.password: username and password'],
    ],
    [
      'a node that is not a URL',
      `${base}pipelines: { logs: {} }\nelasticsearch: { node: "es:9200" }\n`,
      ['elasticsearch.node: '],
    ],
    [
      'an index prefix with a dash',
      `${base}pipelines: { logs: {} }\nelasticsearch: { node: http://a:9200, index: { prefix: a-b } }\n`,
      ['elasticsearch.index.prefix: lower case'],
    ],
    [
      'a consumer key typo',
      `${base}pipelines: { logs: { consumer: { groupid: x } } }\nelasticsearch: { node: http://a:9200 }\n`,
      ['unknown key "groupid" at pipelines.logs.consumer (did you mean "groupId"?)'],
    ],
    [
      'retry initial above max',
      `${base}pipelines: { logs: {} }\nelasticsearch: { node: http://a:9200, retry: { initialMs: 5000, maxMs: 10 } }\n`,
      ['elasticsearch.retry.initialMs: initialMs must not exceed maxMs'],
    ],
  ])('names the key: %s', (_what, yaml, expected) => {
    const found = problems(yaml);
    for (const start of expected) expect(found.some((p) => p.startsWith(start))).toBe(true);
  });

  it('fills the defaults of an anomalies pipeline: its own group, monthly indices', () => {
    const config = load(`${base}elasticsearch: { node: http://a:9200 }\npipelines: { anomalies: {} }\n`);
    expect(config.pipelines.anomalies).toMatchObject({
      enabled: true,
      indexPeriod: 'month',
      consumer: { groupId: 'daytwo-sink-anomalies' },
    });
  });

  it('runs nothing for a logs pipeline that is switched off', () => {
    expect(
      problems(`${base}elasticsearch: { node: http://a:9200 }\npipelines: { logs: { enabled: false } }\n`),
    ).toEqual(['pipelines: enable at least one pipeline (pipelines.logs, pipelines.metrics, pipelines.anomalies)']);
  });
});
