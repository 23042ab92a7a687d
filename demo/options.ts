/** The demo runner's command line. */

export const USAGE = `usage: npm start -- [options]   (or node .build/demo/main.js [options])

  --incident-after <duration>   inject the incident this long after everything runs (default 60s)
  --incident-for <duration>     how long the incident lasts (default 90s)
  --exit-after-alert            stop everything and exit 0 once the incident's alert reached Alertmanager and the
                                webhook (exit 1 if it has not within --timeout)
  --timeout <duration>          with --exit-after-alert (default 5m)
  --run-id <id>                 names everything this run creates: topic prefix, index prefix, Redis prefixes,
                                consumer groups, cluster label ([a-z0-9_], default: the plain names, cluster "demo")
  --dir <path>                  working folder: simulated /var/log/pods, checkpoints, configs, service logs
                                (default .stack/demo)
  --ports <fixed|auto>          service telemetry ports: fixed 9464-9468 (what \`npx daytwo status\` reads by
                                default) or auto (free ports) (default fixed)
  --help                        this text

Durations: 500ms, 10s, 2m.`;

/** A command-line argument is missing or malformed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface DemoOptions {
  incidentAfterMs: number;
  incidentForMs: number;
  exitAfterAlert: boolean;
  timeoutMs: number;
  runId?: string;
  dir?: string;
  ports: 'fixed' | 'auto';
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `10s`, `1.5m`, `2h` → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNITS[match[2]!]!);
}

const RUN_ID = /^[a-z0-9][a-z0-9_]{0,40}$/;

export function parseOptions(argv: readonly string[]): DemoOptions | 'help' {
  const options: DemoOptions = {
    incidentAfterMs: 60_000,
    incidentForMs: 90_000,
    exitAfterAlert: false,
    timeoutMs: 300_000,
    ports: 'fixed',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--exit-after-alert') {
      options.exitAfterAlert = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    const duration = () => {
      const ms = parseDuration(value);
      if (ms === undefined) throw new UsageError(`${flag} ${value}: expected a duration like 500ms, 10s or 2m`);
      return ms;
    };
    switch (flag) {
      case '--incident-after':
        options.incidentAfterMs = duration();
        break;
      case '--incident-for':
        options.incidentForMs = duration();
        break;
      case '--timeout':
        options.timeoutMs = duration();
        break;
      case '--run-id':
        if (!RUN_ID.test(value)) throw new UsageError(`--run-id ${value}: expected ${String(RUN_ID)}`);
        options.runId = value;
        break;
      case '--dir':
        options.dir = value;
        break;
      case '--ports':
        if (value !== 'fixed' && value !== 'auto') throw new UsageError(`--ports ${value}: expected fixed or auto`);
        options.ports = value;
        break;
      default:
        throw new UsageError(`unknown argument ${flag}`);
    }
  }
  return options;
}
