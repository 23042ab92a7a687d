/**
 * Thrown by a processor when the failure is not the records' fault (a dependency such as Redis is down): the framework
 * does not dead-letter anything, it fails the whole batch so that it is fetched again after a backoff.
 */
export class ProcessorRetryableError extends Error {
  override name = 'ProcessorRetryableError';
}

/** The processor broke the plugin contract (returned no array, or a record without an id). */
export class ProcessorContractError extends Error {
  override name = 'ProcessorContractError';
}

/** A processor's config does not pass its schema; `problems` name each key (`parse-json.maxDepth: ...`). */
export class ProcessorConfigError extends Error {
  override name = 'ProcessorConfigError';
  constructor(
    readonly type: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid config for processor ${type}: ${problems.join('; ')}`);
  }
}

export function isRetryableProcessorError(err: unknown): boolean {
  return err instanceof ProcessorRetryableError;
}
