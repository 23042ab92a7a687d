/** A command-line argument the bench does not understand. */
export class BenchArgsError extends Error {
  override readonly name = 'BenchArgsError';
}

export interface BenchArgs {
  readonly data: string;
  readonly out: string;
  /** Only these systems, when given (`--systems HDFS,BGL`). */
  readonly systems?: readonly string[];
}

export function parseBenchArgs(argv: readonly string[], defaults: { data: string; out: string }): BenchArgs {
  let data = defaults.data;
  let out = defaults.out;
  let systems: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag !== '--data' && flag !== '--out' && flag !== '--systems')
      throw new BenchArgsError(`unknown argument ${flag}`);
    if (value === undefined || value.startsWith('--')) throw new BenchArgsError(`${flag} needs a value`);
    if (flag === '--data') data = value;
    else if (flag === '--out') out = value;
    else systems = value.split(',').filter((s) => s.length > 0);
    i++;
  }
  return systems === undefined ? { data, out } : { data, out, systems };
}
