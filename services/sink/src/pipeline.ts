import type { DeadLetterPublisher, Logger, TelemetryServer, TopicNames } from '@daytwo/core';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';

/**
 * One flow of the sink: a Kafka topic consumed into one destination (logs → Elasticsearch, metrics → remote write).
 * Pipelines share the Kafka client, the dead-letter publisher and the telemetry server; each has its own consumer
 * group, readiness checks and metrics.
 */
export interface SinkPipeline {
  readonly name: string;
  /** Stops intake, lets the batch in hand finish and commit, then closes its connections. */
  stop(): Promise<void>;
}

export interface PipelineContext {
  logger: Logger;
  registry: Registry;
  telemetry: TelemetryServer;
  kafka: Kafka;
  topics: TopicNames;
  /** The Kafka dead-letter topic: for messages that are not even envelopes. */
  deadLetters: DeadLetterPublisher;
  /** Something the pipeline cannot recover from happened (kafkajs gave up): the process should restart. */
  onFatal(reason: string, err: Error): void;
}
