/** One thing wrong with the configuration. */
export interface ConfigProblem {
  /** Dotted key path (`kafka.brokers`, `sinks[0].url`); '' when the problem is not about one key. */
  path: string;
  /** A complete sentence for the operator, naming the key. */
  message: string;
}

/**
 * The configuration cannot be used: the service must not start. The message lists every problem so an operator can fix
 * them all in one go; it never contains a configuration value (values may be secrets).
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], source?: string) {
    const header = `invalid configuration${source ? ` (${source})` : ''}:`;
    super([header, ...problems.map((p) => `  - ${p.message}`)].join('\n'));
    this.problems = problems;
  }
}

/** `['kafka', 'brokers', 0]` → `kafka.brokers[0]`; the empty path is the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}
