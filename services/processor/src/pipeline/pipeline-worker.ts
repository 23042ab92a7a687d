import {
  BatchConsumer,
  buildDeadLetterEntry,
  DEAD_LETTER_REASONS,
  deadLetterMessage,
  injectTraceHeaders,
  type ConsumedBatch,
  type ConsumerSettingsInput,
  type DeadLetterInput,
  type DeadLetterPublisher,
  type EnvelopeLimits,
  type Logger,
  type OutgoingMessage,
  type RecordProducer,
} from '@daytwo/core';
import { recordIdOf, type PipelineKind, type PipelineRecords } from '@daytwo/processor-api';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { ProcessorMetrics } from '../chain/chain-metrics';
import type { ChainFailure, ProcessorChain } from '../chain/processor-chain';
import { anomalyMessages, type AnomalyBuffer } from './anomaly-buffer';
import { validateInput } from './input-validation';
import { OriginIndex } from './origins';
import { outputMessages } from './output-messages';

/** Stage of dead letters for records that are invalid on arrival. */
export const INPUT_STAGE = 'processor';
/** Stage of dead letters for records a processor failed on: `processor/<instance name>`. */
export const processorStage = (name: string): string => `processor/${name}`;

export interface PipelineTopics {
  input: string;
  output: string;
  anomalies: string;
  deadLetter: string;
}

export interface PipelineWorkerOptions<K extends PipelineKind> {
  name: string;
  kind: K;
  topics: PipelineTopics;
  consumer: ConsumerSettingsInput;
  kafka: Kafka;
  producer: RecordProducer;
  /** For messages that are not even envelopes (handled inside the consumer). */
  envelopeDeadLetters: DeadLetterPublisher;
  chain: ProcessorChain<K>;
  anomalies: AnomalyBuffer;
  limits: EnvelopeLimits;
  metrics: ProcessorMetrics;
  registry: Registry;
  logger: Logger;
  onFatal(err: Error): void;
}

/**
 * One pipeline of the processor: consumes its input topic, runs the chain, and publishes outputs, dead letters and
 * anomalies. The handler resolves only once Kafka acknowledged all three, so the consumer commits an offset only after
 * every record before it was passed on or dead-lettered; any failure fails the batch, which is then fetched again.
 */
export class PipelineWorker<K extends PipelineKind> {
  private readonly consumer: BatchConsumer;

  constructor(private readonly options: PipelineWorkerOptions<K>) {
    this.consumer = new BatchConsumer(options.kafka, {
      topics: [options.topics.input],
      settings: options.consumer,
      handler: (batch) => this.handle(batch),
      deadLetters: options.envelopeDeadLetters,
      expectedKinds: [options.kind],
      registry: options.registry,
      logger: options.logger,
      onFatal: (err) => options.onFatal(err),
    });
  }

  get groupId(): string {
    return this.consumer.settings.groupId;
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  /** Stops fetching, lets the batch in hand finish and commit, leaves the group. */
  stop(): Promise<void> {
    return this.consumer.stop();
  }

  async handle(batch: ConsumedBatch): Promise<void> {
    const { kind, chain, topics, producer, metrics, name: pipeline } = this.options;
    const { valid, invalid } = validateInput(kind, batch.records);
    const origins = new OriginIndex(kind, valid);
    const result = await chain.run(valid.map((v) => v.record));

    const deadLetters: DeadLetterInput[] = invalid.map((entry) => ({ ...entry, stage: INPUT_STAGE }));
    for (const failure of result.failures) deadLetters.push(this.failureEntry(failure, origins));
    const headers = injectTraceHeaders({});
    const outputs = outputMessages(kind, result.output, origins, this.options.limits, headers);
    const anomalies = this.options.anomalies.take();

    const sends: Array<Promise<unknown>> = [
      producer.send(topics.output, outputs),
      producer.send(topics.deadLetter, this.deadLetterMessages(deadLetters)),
      producer.send(topics.anomalies, anomalyMessages(anomalies)),
    ];
    const settled = await Promise.allSettled(sends);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      this.options.anomalies.putBack(anomalies);
      throw failed.reason;
    }
    metrics.published.inc({ pipeline }, result.output.length);
    metrics.anomalies.inc({ pipeline }, anomalies.length);
    for (const entry of deadLetters) metrics.deadLetters.inc({ pipeline, reason: entry.reason });
    this.logDeadLetters(deadLetters);
  }

  /** Publishes anomalies emitted outside a batch (timers, close); called after the consumer stopped. */
  async flushAnomalies(): Promise<void> {
    const events = this.options.anomalies.take();
    if (events.length === 0) return;
    try {
      await this.options.producer.send(this.options.topics.anomalies, anomalyMessages(events));
      this.options.metrics.anomalies.inc({ pipeline: this.options.name }, events.length);
    } catch (err) {
      this.options.logger.error({ err, lost: events.length }, 'anomalies emitted at shutdown were not published');
    }
  }

  private failureEntry(failure: ChainFailure<PipelineRecords[K]>, origins: OriginIndex): DeadLetterInput {
    const origin = origins.findOrFirst(failure.record);
    return {
      reason: DEAD_LETTER_REASONS.processingFailed,
      error: `${failure.processor}: ${failure.error.message}`,
      stage: processorStage(failure.processor),
      source: origin
        ? { topic: origin.topic, partition: origin.partition, offset: origin.offset }
        : { topic: this.options.topics.input, partition: 0, offset: '0' },
      recordId: recordIdOf(this.options.kind, failure.record),
      raw: failure.record,
      headers: origin?.headers,
    };
  }

  private deadLetterMessages(inputs: readonly DeadLetterInput[]): OutgoingMessage[] {
    const now = new Date();
    return inputs.map((input) => deadLetterMessage(buildDeadLetterEntry(input, now), input.headers));
  }

  /** One line per stage and batch: the count and the first error, not one line per record. */
  private logDeadLetters(entries: readonly DeadLetterInput[]): void {
    const byStage = new Map<string, DeadLetterInput[]>();
    for (const e of entries) {
      const group = byStage.get(e.stage);
      if (group) group.push(e);
      else byStage.set(e.stage, [e]);
    }
    for (const [stage, group] of byStage) {
      const first = group[0]!;
      this.options.logger.warn(
        {
          stage,
          reason: first.reason,
          count: group.length,
          recordId: first.recordId,
          source: first.source,
          error: first.error instanceof Error ? first.error.message : first.error,
        },
        'records dead-lettered',
      );
    }
  }
}
