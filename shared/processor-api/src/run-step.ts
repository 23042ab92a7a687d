import type { PipelineKind, PipelineRecords, Processor } from './definition';

export interface StepFailure<R> {
  record: R;
  error: Error;
}

export interface StepResult<R> {
  output: R[];
  failures: StepFailure<R>[];
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Runs one processor over a batch. A batch that throws is split in halves until the failing records are isolated,
 * so one bad record costs O(log n) extra calls and never takes its neighbours down with it.
 */
export async function runStep<K extends PipelineKind>(
  processor: Processor<K>,
  batch: PipelineRecords[K][],
): Promise<StepResult<PipelineRecords[K]>> {
  const output: PipelineRecords[K][] = [];
  const failures: StepFailure<PipelineRecords[K]>[] = [];
  const run = async (part: PipelineRecords[K][]): Promise<void> => {
    if (part.length === 0) return;
    try {
      const out = await processor.process(part);
      for (const record of out) output.push(record);
    } catch (err) {
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
