import type { AnomalyEvent } from '@daytwo/core';
import {
  runStep,
  stepCounts,
  type PipelineKind,
  type PipelineRecords,
  type Processor,
  type ProcessorLogger,
  type ProcessorStateStore,
} from '@daytwo/processor-api';
import type { ProcessorMetrics } from './chain-metrics';
import type { ChainStepSpec } from './chain-spec';

export interface ChainFailure<R> {
  record: R;
  error: Error;
  /** Instance name of the processor that failed on the record. */
  processor: string;
}

export interface ChainResult<R> {
  output: R[];
  failures: ChainFailure<R>[];
}

export interface ChainOptions {
  pipeline: string;
  kind: PipelineKind;
  steps: readonly ChainStepSpec[];
  logger: ProcessorLogger & { child(bindings: object): ProcessorLogger };
  state: (processor: string) => ProcessorStateStore;
  emitAnomaly: (event: AnomalyEvent, processor: string) => void;
  metrics?: ProcessorMetrics;
}

/** A processor failed to start; names its config key. */
export class ProcessorStartError extends Error {
  override name = 'ProcessorStartError';
}

interface RunningStep<K extends PipelineKind> {
  name: string;
  processor: Processor<K>;
}

/**
 * The processors of one pipeline, run in order over a batch. A record a processor fails on leaves the chain as a
 * failure (named after that processor); the others go on. Counts and times every step.
 */
export class ProcessorChain<K extends PipelineKind = PipelineKind> {
  private constructor(
    private readonly options: ChainOptions,
    private readonly steps: RunningStep<K>[],
  ) {}

  /** Creates every processor in order; on a failure the ones already created are closed again. */
  static async create<K extends PipelineKind>(options: ChainOptions): Promise<ProcessorChain<K>> {
    const steps: RunningStep<K>[] = [];
    const chain = new ProcessorChain<K>(options, steps);
    for (const spec of options.steps) {
      const context = {
        name: spec.name,
        logger: options.logger.child({ processor: spec.name }),
        emitAnomaly: (event: AnomalyEvent) => options.emitAnomaly(event, spec.name),
        state: options.state(spec.name),
      };
      try {
        const processor = (await spec.definition.create(spec.config, context)) as Processor<K>;
        steps.push({ name: spec.name, processor });
      } catch (err) {
        await chain.close();
        throw new ProcessorStartError(
          `${spec.key} (processor ${spec.name}, type ${spec.type}) failed to start: ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
    return chain;
  }

  get names(): string[] {
    return this.steps.map((s) => s.name);
  }

  async run(records: PipelineRecords[K][]): Promise<ChainResult<PipelineRecords[K]>> {
    const { pipeline, kind, metrics } = this.options;
    const failures: ChainFailure<PipelineRecords[K]>[] = [];
    let current = records;
    for (const step of this.steps) {
      if (current.length === 0) break;
      const labels = { processor: step.name, pipeline };
      const stopTimer = metrics?.duration.startTimer(labels);
      // A retryable error propagates: the whole batch is retried later.
      const result = await runStep(step.processor, current, { kind });
      stopTimer?.();
      const counts = stepCounts(current.length, result);
      metrics?.recordsIn.inc(labels, counts.in);
      metrics?.recordsOut.inc(labels, counts.out);
      metrics?.dropped.inc(labels, counts.dropped);
      metrics?.errors.inc(labels, counts.failed);
      for (const f of result.failures) failures.push({ ...f, processor: step.name });
      current = result.output;
    }
    return { output: current, failures };
  }

  /** Closes every processor, in reverse order; a failing close is logged and the others still close. */
  async close(): Promise<void> {
    for (const step of [...this.steps].reverse()) {
      try {
        await step.processor.close?.();
      } catch (err) {
        this.options.logger.error({ err, processor: step.name }, 'processor close failed');
      }
    }
    this.steps.length = 0;
  }
}
