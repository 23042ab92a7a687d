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
import { runStep, type StepFailure } from './run-step';

export interface HarnessResult<R> {
  records: R[];
  failures: StepFailure<R>[];
  anomalies: AnomalyEvent[];
  logs: Array<{ level: string; msg: string; obj: unknown }>;
}

export interface HarnessOptions {
  name?: string;
  state?: ProcessorStateStore;
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

/**
 * Runs a processor the way the processor service does (config validation, failure isolation, side outputs), for
 * plugin authors' unit tests. Throws a config error message naming the key, as the service would at start.
 */
export async function runProcessor<S extends z.ZodType, K extends PipelineKind>(
  definition: ProcessorDefinition<S, K>,
  config: unknown,
  records: PipelineRecords[K][],
  options: HarnessOptions = {},
): Promise<HarnessResult<PipelineRecords[K]>> {
  const parsed = definition.configSchema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${[definition.type, ...i.path.map(String)].join('.')}: ${i.message}`,
    );
    throw new Error(`invalid config for processor ${definition.type}: ${issues.join('; ')}`);
  }
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
  const processor = await definition.create(parsed.data, context);
  try {
    const { output, failures } = await runStep(processor, records);
    return { records: output, failures, anomalies, logs };
  } finally {
    await processor.close?.();
  }
}
