import { SERVICE_NODE_ARGS } from '@daytwo/core';
import { LogsBenchArgsError, parseSet } from './args';

export interface ManyFilesBenchArgs {
  files: number;
  /** Files appended to during the measured window; the others stay idle. */
  active: number;
  /** Lines per second over all active files. */
  rate: number;
  /** Lines in each file before the collector starts, one scenario per value (a fresh collector and topic each). */
  initialLines: number[];
  warmupSeconds: number;
  seconds: number;
  runs: number;
  collectorNodeArgs: string[];
  /** Overrides of the shipped collector config, e.g. `read.chunkBytes=1048576`. */
  collectorSet: Record<string, Record<string, unknown>>;
  out: string;
}

export const MANY_FILES_USAGE = `npm run bench:logs:files -- [options]
  --files <n>                 pod log files (default 300)
  --active <n>                files written to while measuring; the others stay idle (default 10)
  --rate <lines/s>            lines per second over all active files (default 1000)
  --initial-lines <list>      lines in every file when the collector starts, one scenario each (default 5,5000:
                              a few lines, and about 1 MiB, as after a first start on a node with older logs)
  --warmup-seconds <s>        writing before the measurement starts (default 5)
  --seconds <s>               measured window (default 30)
  --runs <n>                  runs of each scenario (default 1)
  --collector-node-args <s>   node flags of the collector process (default: as shipped)
  --collector-set <k.k=v>     override a key of config/collector-logs.yaml (repeatable; JSON values)
  --out <dir>                 where the JSON result goes (default bench-results/logs-files)`;

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new LogsBenchArgsError(`${flag} must be a positive number, not ${value}`);
  return n;
}

export function parseManyFilesArgs(argv: readonly string[]): ManyFilesBenchArgs {
  const args: ManyFilesBenchArgs = {
    files: 300,
    active: 10,
    rate: 1000,
    initialLines: [5, 5000],
    warmupSeconds: 5,
    seconds: 30,
    runs: 1,
    collectorNodeArgs: [...SERVICE_NODE_ARGS],
    collectorSet: {},
    out: 'bench-results/logs-files',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) throw new LogsBenchArgsError(`${flag} needs a value`);
    if (flag === '--files') args.files = Math.floor(positive(flag, value));
    else if (flag === '--active') args.active = Math.floor(positive(flag, value));
    else if (flag === '--rate') args.rate = positive(flag, value);
    else if (flag === '--initial-lines') {
      args.initialLines = value.split(',').map((v) => Math.floor(positive(flag, v)));
    } else if (flag === '--warmup-seconds') args.warmupSeconds = positive(flag, value);
    else if (flag === '--seconds') args.seconds = positive(flag, value);
    else if (flag === '--runs') args.runs = Math.floor(positive(flag, value));
    else if (flag === '--collector-node-args') args.collectorNodeArgs = value.split(' ').filter((a) => a !== '');
    else if (flag === '--collector-set') parseSet(value, args.collectorSet);
    else if (flag === '--out') args.out = value;
    else throw new LogsBenchArgsError(`unknown argument ${flag}`);
  }
  if (args.active > args.files) throw new LogsBenchArgsError(`--active ${args.active} is more than --files`);
  return args;
}
