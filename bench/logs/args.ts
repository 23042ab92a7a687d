import { SERVICE_NODE_ARGS, SERVICE_NODE_OPTIONS } from '@daytwo/core';

/** A command-line argument the bench does not understand. */
export class LogsBenchArgsError extends Error {
  override readonly name = 'LogsBenchArgsError';
}

export const STAGES = ['rsyslog', 'pipeline', 'latency'] as const;
export type OptionalStage = (typeof STAGES)[number];

export interface LogsBenchArgs {
  lines: number;
  /** Runs of each shipper (alternating collector and rsyslog). */
  runs: number;
  /** Lines per second of the latency run; then 75%, 50% and 25% of it until the pipeline keeps up. */
  rate: number;
  latencySeconds: number;
  pollMs: number;
  partitions: number;
  collectorNodeArgs: string[];
  /** Overrides of the shipped collector config, e.g. `producer.compression=gzip`. */
  collectorSet: Record<string, Record<string, unknown>>;
  skip: OptionalStage[];
  out: string;
  /** Keep the temp directory (service logs and configs; the benchmark file is removed). */
  keepWorkDir: boolean;
}

export const USAGE = `npm run bench:logs -- [options]
  --lines <n>                 lines in the benchmark file (default 2000000, about 200 bytes each)
  --runs <n>                  runs of the collector and of rsyslog, alternating (default 2)
  --rate <lines/s>            rate of the end-to-end latency run (default 10000; then 75/50/25% until sustained)
  --latency-seconds <s>       how long lines are written in the latency run (default 20)
  --poll-ms <ms>              Elasticsearch poll interval of the latency run (default 100)
  --partitions <n>            partitions of every topic (default 6)
  --collector-node-args <s>   node flags of the collector process (default ${SERVICE_NODE_OPTIONS}, as shipped;
                              '' for Node's defaults)
  --collector-set <k.k=v>     override a key of config/collector-logs.yaml (repeatable; JSON values;
                              default producer.compression=none, as rsyslog's compression.codec=none)
  --skip <list>               leave out stages: ${STAGES.join(',')}
  --out <dir>                 where the JSON result goes (default bench-results/logs)
  --keep-work-dir             keep the temp directory with the services' logs and configs`;

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new LogsBenchArgsError(`${flag} must be a positive number, not ${value}`);
  return n;
}

/** Merges `section.key=value` (a JSON value, or a bare word as a string) into `into`. */
export function parseSet(value: string, into: Record<string, Record<string, unknown>>): void {
  const match = /^([a-zA-Z]+)\.([a-zA-Z]+)=(.*)$/.exec(value);
  if (match === null) throw new LogsBenchArgsError(`--collector-set takes section.key=value, not ${value}`);
  const [, section, key, raw] = match as unknown as [string, string, string, string];
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // A bare word is a string.
  }
  into[section] = { ...into[section], [key]: parsed };
}

export function parseLogsBenchArgs(argv: readonly string[]): LogsBenchArgs {
  const args: LogsBenchArgs = {
    lines: 2_000_000,
    runs: 2,
    rate: 10_000,
    latencySeconds: 20,
    pollMs: 100,
    partitions: 6,
    // As the container image runs it.
    collectorNodeArgs: [...SERVICE_NODE_ARGS],
    // rsyslog runs with compression.codec=none: the collector sends uncompressed too.
    collectorSet: { producer: { compression: 'none' } },
    skip: [],
    out: 'bench-results/logs',
    keepWorkDir: false,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    if (flag === '--keep-work-dir') {
      args.keepWorkDir = true;
      i--;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new LogsBenchArgsError(`${flag} needs a value`);
    if (flag === '--lines') args.lines = Math.floor(positive(flag, value));
    else if (flag === '--runs') args.runs = Math.floor(positive(flag, value));
    else if (flag === '--rate') args.rate = positive(flag, value);
    else if (flag === '--latency-seconds') args.latencySeconds = positive(flag, value);
    else if (flag === '--poll-ms') args.pollMs = positive(flag, value);
    else if (flag === '--partitions') args.partitions = Math.floor(positive(flag, value));
    else if (flag === '--collector-node-args') args.collectorNodeArgs = value.split(' ').filter((a) => a !== '');
    else if (flag === '--collector-set') parseSet(value, args.collectorSet);
    else if (flag === '--out') args.out = value;
    else if (flag === '--skip') {
      for (const stage of value.split(',').filter((s) => s !== '')) {
        if (!(STAGES as readonly string[]).includes(stage)) throw new LogsBenchArgsError(`unknown stage ${stage}`);
        args.skip.push(stage as OptionalStage);
      }
    } else throw new LogsBenchArgsError(`unknown argument ${flag}`);
  }
  return args;
}
