import type { PipelineKind, PipelineRecords, Processor } from './definition';
import { isRetryableProcessorError, ProcessorContractError } from './errors';
import { recordIdOf } from './record-id';

export interface StepFailure<R> {
  record: R;
  error: Error;
}

export interface StepResult<R> {
  output: R[];
  failures: StepFailure<R>[];
}

export interface StepOptions {
  /** When given, every output record must carry an id of this kind (`event.id` for logs, `id` for metrics). */
  kind?: PipelineKind;
}

/** What one step did, as the framework counts it. */
export interface StepCounts {
  in: number;
  out: number;
  /** Net of fan-out: inputs that neither failed nor have an output left over (`in - failed - out`, at least 0). */
  dropped: number;
  failed: number;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Rejects an output the framework cannot forward; thrown inside the step so that the culprits get isolated. */
function checkOutput<R>(out: unknown, kind: PipelineKind | undefined): R[] {
  if (!Array.isArray(out)) {
    throw new ProcessorContractError(`process() must return an array of records, got ${typeof out}`);
  }
  if (kind !== undefined) {
    for (const record of out) {
      if (recordIdOf(kind, record) === undefined) {
        const where = kind === 'log' ? 'event.id' : 'id';
        throw new ProcessorContractError(
          `process() returned a ${kind} record without an id (${where}); derive ids with deriveRecordId()`,
        );
      }
    }
  }
  return out as R[];
}

/**
 * Runs one processor over a batch. A batch that throws is split in halves until the failing records are isolated,
 * so one bad record costs O(log n) extra calls and never takes its neighbours down with it. Output keeps input order.
 * A ProcessorRetryableError is not the records' fault: it is rethrown at once and nothing is isolated.
 */
export async function runStep<K extends PipelineKind>(
  processor: Processor<K>,
  batch: PipelineRecords[K][],
  options: StepOptions = {},
): Promise<StepResult<PipelineRecords[K]>> {
  const output: PipelineRecords[K][] = [];
  const failures: StepFailure<PipelineRecords[K]>[] = [];
  const run = async (part: PipelineRecords[K][]): Promise<void> => {
    if (part.length === 0) return;
    try {
      const out = checkOutput<PipelineRecords[K]>(await processor.process(part), options.kind);
      for (const record of out) output.push(record);
    } catch (err) {
      if (isRetryableProcessorError(err)) throw err;
      if (part.length === 1) {
        failures.push({ record: part[0]!, error: asError(err) });
        return;
      }
      const mid = part.length >> 1;
      await run(part.slice(0, mid));
      await run(part.slice(mid));
    }
  };
  await run(batch);
  return { output, failures };
}

export function stepCounts(inputs: number, result: StepResult<unknown>): StepCounts {
  const out = result.output.length;
  const failed = result.failures.length;
  return { in: inputs, out, failed, dropped: Math.max(0, inputs - failed - out) };
}
