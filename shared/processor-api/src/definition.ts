import type { z } from 'zod';
import type { AnomalyEvent, LogRecord, MetricSample } from '@daytwo/core';

/** What flows through a processor chain: log records on the log pipeline, samples on the metric pipeline. */
export type PipelineKind = 'log' | 'metric';
export interface PipelineRecords {
  log: LogRecord;
  metric: MetricSample;
}
export type PipelineRecord = LogRecord | MetricSample;

/** The subset of a pino logger a processor may use. */
export interface ProcessorLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/**
 * Durable key/value state shared by every replica of the processor (survives restarts and rebalances). Keys are
 * namespaced per pipeline and processor name by the framework. When the store is unreachable its calls reject with
 * ProcessorRetryableError.
 */
export interface ProcessorStateStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export interface ProcessorContext {
  /** The instance name from config (a chain may use one processor type twice). */
  readonly name: string;
  readonly logger: ProcessorLogger;
  /** Side output: anomaly events go to the anomaly topic, not down the chain. */
  emitAnomaly(event: AnomalyEvent): void;
  readonly state: ProcessorStateStore;
}

/**
 * A running processor. `process` returns the records to pass on, in order: none to drop, several to fan out.
 *
 * - Every returned record needs an id (`event.id` for logs, `id` for metrics). A record passed on keeps its id; a
 *   derived record (fan-out) gets `deriveRecordId(original, part)`: deterministic, so a redelivered input yields the
 *   same ids and the store deduplicates them. An output without an id is a contract error (see below).
 * - Treat input records as immutable and return new objects: a failing batch is retried in halves with the same
 *   records.
 * - Throwing fails the batch; the framework then isolates the failing records (it calls `process` again on halves),
 *   dead-letters them with this processor's name and the error, and passes the others on. Throw
 *   `ProcessorRetryableError` instead when the records are not at fault (a dependency is down): the whole batch is
 *   then retried later and nothing is dead-lettered.
 */
export interface Processor<K extends PipelineKind = PipelineKind> {
  process(batch: PipelineRecords[K][]): Promise<PipelineRecords[K][]> | PipelineRecords[K][];
  close?(): Promise<void> | void;
}

export interface ProcessorDefinition<S extends z.ZodType = z.ZodType, K extends PipelineKind = PipelineKind> {
  /** The `type` users write in config. */
  readonly type: string;
  readonly description: string;
  /** The pipelines this processor can run in. */
  readonly kinds: readonly K[];
  /** Validates the processor's config (use `.strict()` so a typo is an error) and documents it. */
  readonly configSchema: S;
  create(config: z.output<S>, context: ProcessorContext): Processor<K> | Promise<Processor<K>>;
}

/** Declares a processor once; the identity function exists for type inference. */
export function defineProcessor<S extends z.ZodType, K extends PipelineKind>(
  definition: ProcessorDefinition<S, K>,
): ProcessorDefinition<S, K> {
  return definition;
}
