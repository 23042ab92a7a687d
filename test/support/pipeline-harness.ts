import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { ensureTopics, deleteTopics, topicNames, withAdmin, type TopicNames } from '@daytwo/core';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { esClient } from './elasticsearch';
import { testEnv } from './env';
import { testKafka } from './kafka';
import { redisClient } from './redis';
import { ServiceProcess, type ServiceName } from './service-process';
import { TcpRelay } from './tcp-relay';
import { uniqueName } from './unique';
import { waitFor } from './wait-for';

export interface StartServiceOptions {
  /** Default: the service name. Must be unique within the harness. */
  instance?: string;
  /** Wait for /readyz 200 (default true). */
  ready?: boolean;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Consumer timings that make group joins and the eviction of a killed member take seconds, not a minute. */
export const E2E_CONSUMER = {
  sessionTimeoutMs: 6_000,
  rebalanceTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  maxWaitTimeMs: 100,
  retryInitialMs: 200,
  retryMaxMs: 2_000,
} as const;

/**
 * Runs daytwo services as child processes against the real local stack, isolated from every other test: a temp dir
 * (configs, service logs, state), a unique topic prefix, Elasticsearch index prefix, Redis key prefix and consumer
 * group names, telemetry on free ports. `cleanup()` stops everything it started and deletes everything it created.
 * Set DAYTWO_E2E_KEEP=1 to keep the temp dir (service logs) after the run.
 */
export class PipelineHarness {
  readonly id: string;
  readonly dir: string;
  readonly topicPrefix: string;
  readonly topics: TopicNames;
  /** For `elasticsearch.index.prefix` ([a-z0-9._], at most 50 characters). */
  readonly indexPrefix: string;
  readonly redisKeyPrefix: string;
  readonly kafka: Kafka = testKafka();
  private readonly services = new Map<string, ServiceProcess>();
  private readonly relays: TcpRelay[] = [];
  private readonly groups: string[] = [];
  private es: Client | undefined;
  private readonly killOnExit = () => this.services.forEach((s) => s.killNow());

  constructor(name: string) {
    this.id = uniqueName(name);
    this.dir = mkdtempSync(join(tmpdir(), `daytwo-${name}-`));
    this.topicPrefix = this.id;
    this.topics = topicNames(this.id);
    this.indexPrefix = this.id;
    this.redisKeyPrefix = `${this.id}:`;
    process.once('exit', this.killOnExit);
  }

  /** Creates every pipeline topic under the prefix, `partitions` each. */
  async createTopics(partitions = 3): Promise<void> {
    await ensureTopics(
      this.kafka,
      Object.values(this.topics).map((name) => ({ name, partitions })),
    );
  }

  /** A consumer group id of this harness (deleted on cleanup). */
  groupId(name: string): string {
    const id = `${this.id}_${name}`;
    if (!this.groups.includes(id)) this.groups.push(id);
    return id;
  }

  /** A directory under the temp dir, created. */
  path(...parts: string[]): string {
    const dir = join(this.dir, ...parts);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** The config keys every service shares: Kafka, topic prefix, telemetry on a free port. */
  common(clientId: string): {
    kafka: { brokers: string[]; clientId: string };
    topicPrefix: string;
    telemetry: { logLevel: 'info'; metrics: { host: string; port: number } };
  } {
    return {
      kafka: { brokers: [...testEnv.kafkaBrokers], clientId },
      topicPrefix: this.topicPrefix,
      telemetry: { logLevel: 'info', metrics: { host: '127.0.0.1', port: 0 } },
    };
  }

  /** Writes `config` to `<dir>/<instance>.yaml` and starts the service on it. */
  async start(service: ServiceName, config: object, options: StartServiceOptions = {}): Promise<ServiceProcess> {
    const instance = options.instance ?? service;
    if (this.services.has(instance)) throw new Error(`service instance ${instance} exists already`);
    const configPath = join(this.dir, `${instance}.yaml`);
    // JSON is YAML: the services read it as their config file.
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const proc = new ServiceProcess({
      service,
      instance,
      configPath,
      logPath: join(this.dir, `${instance}.log`),
      env: options.env,
    });
    this.services.set(instance, proc);
    await proc.start(options.timeoutMs);
    if (options.ready ?? true) await proc.waitReady(options.timeoutMs);
    return proc;
  }

  service(instance: string): ServiceProcess {
    const proc = this.services.get(instance);
    if (!proc) throw new Error(`no service instance ${instance}`);
    return proc;
  }

  /** A relay to `url` (e.g. Elasticsearch) that the test can cut; closed on cleanup. */
  async relay(url: string): Promise<TcpRelay> {
    const relay = TcpRelay.to(url);
    await relay.open();
    this.relays.push(relay);
    return relay;
  }

  elasticsearch(): Client {
    this.es ??= esClient();
    return this.es;
  }

  /** Every message of `topic` from the start to its current end. */
  async readTopic(topic: string, timeoutMs = 30_000): Promise<KafkaMessage[]> {
    const offsets = await withAdmin(this.kafka, (admin) => admin.fetchTopicOffsets(topic));
    const ends = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    const total = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
    if (total === 0) return [];
    const consumer = this.kafka.consumer({
      groupId: this.groupId(`reader_${this.groups.length}`),
      sessionTimeout: 6_000,
      rebalanceTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
    });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: ({ partition, message }) => {
          if (Number(message.offset) < (ends.get(partition) ?? 0)) messages.push(message);
          return Promise.resolve();
        },
      });
      await waitFor(() => Promise.resolve(messages.length >= total ? true : undefined), {
        timeoutMs,
        what: `${total} messages of ${topic}`,
      });
      return messages;
    } finally {
      await consumer.disconnect();
    }
  }

  /** Stops every service (SIGTERM, SIGKILL after 20 s) and deletes topics, groups, indices, Redis keys, temp dir. */
  async cleanup(): Promise<void> {
    process.off('exit', this.killOnExit);
    const problems: unknown[] = [];
    const attempt = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (err) {
        problems.push(err);
      }
    };
    await Promise.all([...this.services.values()].map((s) => attempt(() => s.stop(20_000))));
    await Promise.all([...this.services.values()].map((s) => s.closeLog()));
    await Promise.all(this.relays.map((r) => attempt(() => r.close())));
    await attempt(() => deleteTopics(this.kafka, Object.values(this.topics)));
    await attempt(() => this.deleteGroups());
    await attempt(() => this.deleteIndices());
    await attempt(() => this.deleteRedisKeys());
    await attempt(async () => this.es?.close());
    if (process.env.DAYTWO_E2E_KEEP !== '1') rmSync(this.dir, { recursive: true, force: true });
    if (problems.length > 0) throw new AggregateError(problems, `cleanup of ${this.id} failed`);
  }

  private async deleteGroups(): Promise<void> {
    await withAdmin(this.kafka, async (admin) => {
      const known = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
      const doomed = this.groups.filter((g) => known.has(g));
      if (doomed.length > 0) await admin.deleteGroups(doomed);
    });
  }

  private async deleteIndices(): Promise<void> {
    const es = this.elasticsearch();
    const prefix = this.indexPrefix;
    const indices = Object.keys(await es.indices.get({ index: `${prefix}-*`, ignore_unavailable: true }));
    if (indices.length > 0) await es.indices.delete({ index: indices });
    for (const name of [`${prefix}-logs`, `${prefix}-logs-datastream`, `${prefix}-deadletter-logs`]) {
      await es.indices.deleteIndexTemplate({ name }, { ignore: [404] });
    }
  }

  private async deleteRedisKeys(): Promise<void> {
    const redis = redisClient();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisKeyPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      await redis.quit();
    }
  }
}
