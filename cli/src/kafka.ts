import { randomBytes } from 'node:crypto';
import { kafkaClientOptions, parseKafkaConnectionConfig } from '@daytwo/core';
import { Kafka, type Admin, type Producer } from 'kafkajs';
import type { CliConfig } from './config';
import { causeText, UnreachableError } from './errors';

/** A kafkajs client that gives up after a few seconds: an operator waiting for an answer wants the error instead. */
export function cliKafka(config: CliConfig): Kafka {
  const options = kafkaClientOptions(parseKafkaConnectionConfig(config.kafka));
  return new Kafka({
    ...options,
    connectionTimeout: Math.min(options.connectionTimeout ?? 3000, 3000),
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 },
  });
}

function unreachable(config: CliConfig, err: unknown): UnreachableError {
  return new UnreachableError(`cannot reach Kafka at ${config.kafka.brokers.join(',')}: ${causeText(err)}`, 1, {
    cause: err,
  });
}

export async function withAdmin<T>(kafka: Kafka, config: CliConfig, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (err) {
    throw unreachable(config, err);
  }
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function withProducer<T>(
  kafka: Kafka,
  config: CliConfig,
  work: (producer: Producer) => Promise<T>,
): Promise<T> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    await producer.connect();
  } catch (err) {
    throw unreachable(config, err);
  }
  try {
    return await work(producer);
  } finally {
    await producer.disconnect();
  }
}

/** A group id for a one-off read; deleted afterwards. */
export function throwawayGroupId(): string {
  return `daytwo-cli-${process.pid}-${randomBytes(4).toString('hex')}`;
}
