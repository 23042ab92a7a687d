import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createLogger,
  DeadLetterPublisher,
  RecordProducer,
  type ConsumedBatch,
  type LogLevel,
  type MetricSample,
  type TopicNames,
} from '@daytwo/core';
import { CollectorMetricsConfig, type CollectorMetricsConfigInput } from '@daytwo/collector-metrics';
import type { KafkaTestScope } from '../support/kafka';
import { testEnv } from '../support/env';
import { waitFor } from '../support/wait-for';

export interface ReceivedSample {
  sample: MetricSample;
  key: string | null;
  partition: number;
}

/** Everything a BatchConsumer of the raw metrics topic received, with waits on it. */
export class ReceivedSamples {
  readonly all: ReceivedSample[] = [];

  handler = (batch: ConsumedBatch): Promise<void> => {
    for (const r of batch.records) {
      if (r.kind === 'metric') this.all.push({ sample: r.record, key: r.origin.key, partition: batch.partition });
    }
    return Promise.resolve();
  };

  find(match: (s: MetricSample) => boolean): MetricSample[] {
    return this.all.filter((r) => match(r.sample)).map((r) => r.sample);
  }

  /** Waits until `match` finds at least `count` samples, and returns them. */
  waitFor(what: string, match: (s: MetricSample) => boolean, count = 1, timeoutMs = 30_000): Promise<MetricSample[]> {
    return waitFor(
      () => {
        const found = this.find(match);
        return Promise.resolve(found.length >= count ? found : undefined);
      },
      { what, timeoutMs, intervalMs: 100 },
    );
  }
}

/** A started consumer of `topics.metricsRaw` feeding a ReceivedSamples. */
export async function consumeSamples(scope: KafkaTestScope, topics: TopicNames): Promise<ReceivedSamples> {
  const received = new ReceivedSamples();
  const deadLetters = new DeadLetterPublisher(new RecordProducer(scope.kafka), {
    topic: topics.deadLetter,
    stage: 'collector-metrics-it',
  });
  await scope.consumer({
    topics: [topics.metricsRaw],
    settings: { groupId: scope.groupId() },
    handler: received.handler,
    deadLetters,
  });
  return received;
}

export const isSeries = (name: string, labels: Record<string, string>) => (s: MetricSample) =>
  s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v);

/** Silent unless DAYTWO_IT_LOG_LEVEL asks for more (debugging a test). */
export const quietLogger = () =>
  createLogger('collector-metrics-it', (process.env['DAYTWO_IT_LOG_LEVEL'] as LogLevel | undefined) ?? 'silent');

/** A collector config for tests: fast scrapes, the test broker, topics under `topicPrefix`. */
export function testConfig(
  topics: TopicNames,
  overrides: Partial<CollectorMetricsConfigInput>,
): CollectorMetricsConfig {
  return CollectorMetricsConfig.parse({
    kafka: { brokers: testEnv.kafkaBrokers },
    topicPrefix: topics.metricsRaw.replace(/\.daytwo\.metrics\.raw$/, ''),
    nodeName: 'it-node',
    scrape: { interval: '1s', timeout: '800ms', bodySizeLimit: '1MiB', concurrency: 4 },
    publish: { keyShards: 8, linger: '10ms', drainTimeout: '5s' },
    telemetry: { logLevel: 'silent' },
    ...overrides,
  });
}

export interface HttpTarget {
  address: string;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

/** A local HTTP server standing in for a scrape target. */
export async function httpTarget(
  handle: (req: IncomingMessage, res: ServerResponse, n: number) => void,
): Promise<HttpTarget> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    res.on('error', () => undefined);
    handle(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
