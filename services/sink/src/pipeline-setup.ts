import type { Logger } from '@daytwo/core';
import { backoffDelayMs, type BackoffPolicy, RetryAbortedError, sleep } from './retry/backoff';
import { permanentStartFailure } from './start-failure';

export interface PipelineSetup {
  /** `logs`, `metrics`…: names the pipeline in the log lines. */
  name: string;
  retry: BackoffPolicy;
  /** Aborted when the sink stops: the wait between attempts is cut short. */
  signal: AbortSignal;
  log: Logger;
  onFatal: (reason: string, err: Error) => void;
  /** One try at getting the pipeline consuming; what succeeded stays done in the caller (templates installed once). */
  attempt: () => Promise<void>;
  /** Undoes a failed try (a consumer half started). */
  undo: () => Promise<void>;
}

/**
 * Sets a pipeline up in the background: servers still coming up are waited for with backoff (the sink stays
 * unready), a refusal no retry can fix stops the sink (`permanentStartFailure`). The promise never rejects; it
 * settles when the pipeline consumes, the sink stops, or it gave up.
 */
export function setUpInBackground(s: PipelineSetup): Promise<void> {
  const run = async (): Promise<void> => {
    for (let attempt = 1; !s.signal.aborted; attempt++) {
      try {
        await s.attempt();
        return;
      } catch (err) {
        await s.undo().catch(() => undefined);
        const permanent = permanentStartFailure(err);
        if (permanent !== undefined) {
          s.onFatal(permanent, err as Error); // only Error subclasses are permanent
          return;
        }
        const delayMs = backoffDelayMs(s.retry, attempt);
        s.log.warn({ err, attempt, delayMs }, `${s.name} pipeline not started yet; retrying`);
        await sleep(delayMs, s.signal);
      }
    }
  };
  return run().catch((err: unknown) => {
    if (!(err instanceof RetryAbortedError)) s.log.error({ err }, `${s.name} pipeline setup failed`);
  });
}
