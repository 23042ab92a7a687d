import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { RecordProducer, type LogRecord, type ServiceContext } from '@daytwo/core';
import {
  createElasticsearchClient,
  ElasticsearchConfig,
  isClusterHealthy,
  runSink,
  type ElasticsearchConfigInput,
  type SinkConfig,
} from '@daytwo/sink';
import { esClient, waitForElasticsearch } from '../support/elasticsearch';
import { testEnv } from '../support/env';
import { FAST_CONSUMER, KafkaTestScope } from '../support/kafka';
import { createTestCertificates, type TestCertificates } from '../support/tls';
import { TlsAuthProxy } from '../support/tls-proxy';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';
import { buildServices, startServiceProcess, waitUntil } from './security-support';

jest.setTimeout(180_000);

const USER = 'daytwo-sink';
const PASSWORD = 'es-pw-q8r2m5w1';
const API_KEY = 'ZXMta2V5LWlkOmVzLWtleS1zZWNyZXQ=';

const scope = new KafkaTestScope();
const producer = new RecordProducer(scope.kafka);
const prefixes: string[] = [];
let certs: TestCertificates;
let proxy: TlsAuthProxy;
let es: Client;

beforeAll(async () => {
  es = esClient();
  await waitForElasticsearch(es);
  certs = await createTestCertificates('daytwo-es');
  proxy = await TlsAuthProxy.start({
    target: testEnv.elasticsearchUrl,
    cert: certs.cert,
    key: certs.key,
    accept: { basic: { username: USER, password: PASSWORD }, apiKey: API_KEY },
  });
  // The wrong-credentials case runs the built sink as its own process, to read what it logs.
  buildServices(['sink']);
}, 420_000);

afterAll(async () => {
  await producer.disconnect();
  await scope.cleanup();
  for (const prefix of prefixes) {
    const indices = Object.keys(await es.indices.get({ index: `${prefix}-*`, ignore_unavailable: true }));
    if (indices.length > 0) await es.indices.delete({ index: indices });
    for (const name of [`${prefix}-logs`, `${prefix}-deadletter-logs`]) {
      await es.indices.deleteIndexTemplate({ name }, { ignore: [404] });
    }
  }
  await es.close();
  await proxy.close();
  certs.cleanup();
});

function sinkClient(input: Omit<ElasticsearchConfigInput, 'node'>): Client {
  return createElasticsearchClient(ElasticsearchConfig.parse({ node: proxy.url, ...input }));
}

function logRecord(id: string): LogRecord {
  return {
    schema_version: 1,
    '@timestamp': '2026-03-01T10:00:00.000Z',
    message: `secured ${id}`,
    kubernetes: { namespace: 'shop', pod: { name: 'api-0', uid: 'uid-1' } },
    event: { id },
  };
}

/** A sink config running only the logs pipeline against the proxy. */
function logsSinkConfig(
  topicPrefix: string,
  groupId: string,
  prefix: string,
  auth: Record<string, string>,
  logLevel = 'warn',
) {
  return {
    kafka: { brokers: testEnv.kafkaBrokers, clientId: 'sink-security-it' },
    topicPrefix,
    elasticsearch: {
      node: proxy.url,
      auth,
      tls: { caFile: certs.caFile },
      index: { prefix, mode: 'daily', replicas: 0 },
      bulk: { flushIntervalMs: 0 },
      retry: { initialMs: 50, maxMs: 500, maxElapsedMs: 10_000 },
    },
    pipelines: { logs: { consumer: { ...FAST_CONSUMER, groupId } } },
    telemetry: { logLevel, metrics: { host: '127.0.0.1', port: 0 } },
  };
}

describe('Elasticsearch behind TLS and authentication (proxy in front of the local cluster)', () => {
  it.each([
    ['basic auth', { auth: { username: USER, password: PASSWORD } }, 'Basic'],
    ['an API key', { auth: { apiKey: API_KEY } }, 'ApiKey'],
  ])(
    'the sink client verifies the certificate with tls.caFile and authenticates with %s',
    async (_what, input, scheme) => {
      const client = sinkClient({ ...input, tls: { caFile: certs.caFile } });
      const before = proxy.forwarded().length;
      try {
        expect(await isClusterHealthy(client, 10_000)).toBe(true);
        const forwarded = proxy.forwarded().slice(before);
        expect(forwarded.map((r) => [r.scheme, r.path.split('?')[0]])).toEqual([[scheme, '/_cluster/health']]);
      } finally {
        await client.close();
      }
    },
  );

  it('does not connect when the CA is not trusted, and names the certificate problem', async () => {
    const client = sinkClient({ auth: { apiKey: API_KEY } });
    try {
      await expect(isClusterHealthy(client, 10_000)).rejects.toThrow(/unable to verify the first certificate/);
    } finally {
      await client.close();
    }
  });

  it('the sink service stores logs through the proxy, password from a ${file:} reference', async () => {
    const topics = await scope.topics(1);
    const prefix = uniqueName('dtsec');
    prefixes.push(prefix);
    const passwordFile = join(certs.dir, 'es-password');
    writeFileSync(passwordFile, `${PASSWORD}\n`);
    const topicPrefix = topics.logsEnriched.slice(0, -'.daytwo.logs.enriched'.length);
    const config = logsSinkConfig(topicPrefix, scope.groupId(), prefix, {
      username: USER,
      password: `\${file:${passwordFile}}`,
    });
    const file = join(certs.dir, `${prefix}.yaml`);
    writeFileSync(file, JSON.stringify(config));
    const exits: number[] = [];
    const ctx: ServiceContext<SinkConfig> | undefined = await runSink({
      argv: ['--config', file],
      env: {},
      exit: (code) => void exits.push(code),
    });
    expect(ctx).toBeDefined();
    try {
      const ids = [1, 2].map((i) => `${prefix}-${i}`);
      await producer.publishRecords(topics.logsEnriched, 'log', 'api-0', ids.map(logRecord));
      const stored = await waitFor(
        async () => {
          await es.indices.refresh({ index: `${prefix}-logs*`, ignore_unavailable: true, allow_no_indices: true });
          const found = await es.search({ index: `${prefix}-logs*`, query: { ids: { values: ids } } });
          return found.hits.hits.length === ids.length ? found.hits.hits.map((h) => h._id) : undefined;
        },
        { timeoutMs: 60_000, what: 'logs stored through the TLS proxy' },
      );
      expect(stored.sort()).toEqual(ids);
      expect(proxy.refused()).toEqual([]);
      expect(exits).toEqual([]);
    } finally {
      await ctx!.lifecycle.shutdown('test done');
      ctx!.lifecycle.uninstall();
    }
  });

  it('a wrong API key stops the sink at start with "elasticsearch authentication failed (401)" and exit code 1', async () => {
    const prefix = uniqueName('dtsecbad');
    const config = logsSinkConfig(
      'unused-security-it',
      'unused-security-it',
      prefix,
      { apiKey: '${env:ES_API_KEY}' },
      'info',
    );
    const file = join(certs.dir, `${prefix}.yaml`);
    writeFileSync(file, JSON.stringify(config));
    const refusedBefore = proxy.refused().length;
    const sink = startServiceProcess('sink', file, { ES_API_KEY: 'd3Jvbmcta2V5LWZvci10ZXN0' });
    try {
      await waitUntil('the sink to exit', () => !sink.running, { timeoutMs: 60_000, details: () => sink.output });
      // Non-zero, so that Kubernetes and compose see a failed container rather than one that finished.
      expect(await sink.exited).toBe(1);
      const fatal = sink.output
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: string; msg: string })
        .filter((l) => l.level === 'fatal');
      expect(fatal.map((l) => l.msg)).toEqual(['elasticsearch authentication failed (401): check elasticsearch.auth']);
      // One refused request: no retrying with credentials that cannot work.
      expect(proxy.refused().length - refusedBefore).toBe(1);
      expect(sink.output).not.toContain('d3Jvbmcta2V5LWZvci10ZXN0');
    } finally {
      await sink.stop();
    }
  });
});
