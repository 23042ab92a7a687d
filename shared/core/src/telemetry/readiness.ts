/** A readiness probe: true when the dependency it watches is usable. Throwing counts as not ready. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface ReadinessReport {
  ready: boolean;
  /** Names of the checks that did not pass, sorted. */
  failing: string[];
  /** Per check: 'ok', 'not ready', 'timed out' or 'error: <message>'. */
  checks: Record<string, string>;
}

/**
 * Named readiness conditions: flags the service flips (`setReady('kafka', true)`) and checks run on every probe.
 * Ready means every one of them passes; with none registered the service is ready.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(private readonly checkTimeoutMs = 2000) {}

  setReady(name: string, ready: boolean): void {
    this.checks.set(name, () => ready);
  }

  addReadinessCheck(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  removeReadinessCheck(name: string): void {
    this.checks.delete(name);
  }

  async evaluate(): Promise<ReadinessReport> {
    const entries = [...this.checks.entries()].sort(([a], [b]) => a.localeCompare(b));
    const outcomes = await Promise.all(entries.map(([, check]) => this.run(check)));
    const checks: Record<string, string> = {};
    const failing: string[] = [];
    entries.forEach(([name], i) => {
      const outcome = outcomes[i] ?? 'not ready';
      checks[name] = outcome;
      if (outcome !== 'ok') failing.push(name);
    });
    return { ready: failing.length === 0, failing, checks };
  }

  private async run(check: ReadinessCheck): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), this.checkTimeoutMs);
    });
    const outcome = (async () => {
      try {
        return (await check()) ? 'ok' : 'not ready';
      } catch (err) {
        return `error: ${(err as Error).message}`;
      }
    })();
    try {
      return await Promise.race([outcome, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
