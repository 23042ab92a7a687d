import type { z } from 'zod';
import type { AnomalyEvent } from '@daytwo/core';
import type {
  PipelineKind,
  PipelineRecords,
  ProcessorContext,
  ProcessorDefinition,
  ProcessorLogger,
  ProcessorStateStore,
} from './definition';
import { processorDefinitionProblems } from './definition-shape';
import { parseProcessorConfig } from './processor-config';
import { runStep, stepCounts, type StepCounts, type StepFailure, type StepResult } from './run-step';

export interface HarnessResult<R> {
  records: R[];
  failures: StepFailure<R>[];
  anomalies: AnomalyEvent[];
  logs: Array<{ level: string; msg: string; obj: unknown }>;
  /** What the service's metrics would count for this run (`daytwo_processor_records_*_total`). */
  counts: StepCounts;
}

export interface HarnessOptions {
  name?: string;
  state?: ProcessorStateStore;
  /** The pipeline to run in; default: the definition's only kind, else guessed from the first record. */
  kind?: PipelineKind;
}

export function memoryStateStore(): ProcessorStateStore {
  const map = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(map.get(key)),
    set: (key, value) => {
      map.set(key, value);
      return Promise.resolve();
    },
  };
}

function pipelineKind(definition: ProcessorDefinition, records: readonly unknown[], kind?: PipelineKind) {
  if (kind !== undefined) return kind;
  if (definition.kinds.length === 1) return definition.kinds[0]!;
  const first = records[0] as Record<string, unknown> | undefined;
  return first !== undefined && typeof first['event'] === 'object' ? 'log' : 'metric';
}

/**
 * Runs a processor the way the processor service does (definition and config validation, failure isolation, the id
 * check on outputs, side outputs, close), for plugin authors' unit tests. Config errors name the key as the service
 * would at start (`<type>.<key>` here, `pipelines.logs.processors[2].<key>` there).
 */
export async function runProcessor<
  S extends z.ZodType,
  K extends PipelineKind,
  R extends PipelineRecords[K] = PipelineRecords[K],
>(
  definition: ProcessorDefinition<S, K>,
  config: unknown,
  records: R[],
  options: HarnessOptions = {},
): Promise<HarnessResult<R>> {
  const problems = processorDefinitionProblems(definition);
  if (problems.length > 0) throw new TypeError(`not a processor definition: ${problems.join('; ')}`);
  const kind = pipelineKind(definition, records, options.kind);
  if (!(definition.kinds as readonly PipelineKind[]).includes(kind)) {
    throw new TypeError(`processor ${definition.type} does not run in the ${kind} pipeline`);
  }
  const parsed = parseProcessorConfig<z.output<S>>(definition, config);
  const anomalies: AnomalyEvent[] = [];
  const logs: HarnessResult<unknown>['logs'] = [];
  const log =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      logs.push({ level, msg: typeof obj === 'string' ? obj : (msg ?? ''), obj });
    };
  const logger: ProcessorLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const context: ProcessorContext = {
    name: options.name ?? definition.type,
    logger,
    emitAnomaly: (event) => anomalies.push(event),
    state: options.state ?? memoryStateStore(),
  };
  const processor = await definition.create(parsed, context);
  try {
    // A processor returns records of the kind it was given, so the outputs have the inputs' type.
    const result = (await runStep(processor, records, { kind })) as StepResult<R>;
    const counts = stepCounts(records.length, result);
    return { records: result.output, failures: result.failures, anomalies, logs, counts };
  } finally {
    await processor.close?.();
  }
}
