/** An error the operator sees as one line (`daytwo: <message>`), with the process exit code. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Wrong command line: exit code 2, as most tools do. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

/** A server (Kafka, Elasticsearch, Redis, a service) could not be reached or answered with an error. */
export class UnreachableError extends CliError {
  override name = 'UnreachableError';
}

/** The message of an error and of its causes, on one line (`connect ECONNREFUSED 127.0.0.1:1`). */
export function causeText(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 4; depth++) {
    const message =
      current instanceof Error
        ? current.message
        : typeof current === 'string'
          ? current
          : (JSON.stringify(current) ?? 'unknown error');
    if (message !== '' && !parts.some((p) => p.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ').replace(/\s+/g, ' ');
}
