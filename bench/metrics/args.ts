/** A command-line argument the bench does not understand. */
export class BenchArgsError extends Error {
  override readonly name = 'BenchArgsError';
}

export type BenchRunner = 'daytwo' | 'agent';
/** The processor's metrics chain: as config/processor.yaml ships it (metric-anomalies), or empty (transport only). */
export type ProcessorChoice = 'shipped' | 'none';

export interface MetricsBenchArgs {
  /** Synthetic targets (M). */
  readonly targets: number;
  /** Series per target (S). */
  readonly series: number;
  readonly intervalSeconds: number;
  /** Length of the measured window; whole scrape intervals. */
  readonly durationSeconds: number;
  /** Partitions of the bench's Kafka topics. */
  readonly partitions: number;
  readonly runners: readonly BenchRunner[];
  readonly processors: ProcessorChoice;
  readonly out: string;
}

export const DEFAULT_ARGS: MetricsBenchArgs = {
  targets: 50,
  series: 1000,
  intervalSeconds: 5,
  durationSeconds: 60,
  partitions: 3,
  runners: ['daytwo', 'agent'],
  processors: 'shipped',
  out: 'bench-results/metrics',
};

export const USAGE =
  'npm run bench:metrics -- [--targets M] [--series S] [--interval seconds] [--duration seconds] ' +
  '[--partitions N] [--processors shipped|none] [--only daytwo|agent] [--out dir]';

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BenchArgsError(`${flag} must be a positive integer, got ${value}`);
  return n;
}

export function parseMetricsBenchArgs(argv: readonly string[]): MetricsBenchArgs {
  const args: { -readonly [K in keyof MetricsBenchArgs]: MetricsBenchArgs[K] } = { ...DEFAULT_ARGS };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new BenchArgsError(`${flag} needs a value`);
    if (flag === '--targets') args.targets = positiveInt(flag, value);
    else if (flag === '--series') args.series = positiveInt(flag, value);
    else if (flag === '--interval') args.intervalSeconds = positiveInt(flag, value);
    else if (flag === '--duration') args.durationSeconds = positiveInt(flag, value);
    else if (flag === '--partitions') args.partitions = positiveInt(flag, value);
    else if (flag === '--out') args.out = value;
    else if (flag === '--processors') {
      if (value !== 'shipped' && value !== 'none') throw new BenchArgsError('--processors must be shipped or none');
      args.processors = value;
    } else if (flag === '--only') {
      if (value !== 'daytwo' && value !== 'agent') throw new BenchArgsError('--only must be daytwo or agent');
      args.runners = [value];
    } else throw new BenchArgsError(`unknown argument ${flag}`);
  }
  if (args.durationSeconds % args.intervalSeconds !== 0) {
    throw new BenchArgsError('--duration must be a multiple of --interval (every target scraped equally often)');
  }
  return args;
}
