import { stopAllChildren } from './process-stats';

/** What a logs bench script is made of; `benchMain` runs it the same way for each. */
export interface LogsBenchScript<Args extends { out: string }, Report extends { notes: string[] }> {
  usage: string;
  parse: (argv: readonly string[]) => Args;
  run: (args: Args) => Promise<Report>;
  /** How to read the figures (added to the report's notes). */
  note: string;
  print: (report: Report) => void;
  /** Writes the JSON under `out`; returns its path. */
  write: (out: string, report: Report) => string;
}

/**
 * The entry point of a logs bench: `--help`, the arguments, SIGINT/SIGTERM stopping every child the bench started,
 * the run, the table and the JSON; exit 1 with the stack on failure.
 */
export function benchMain<Args extends { out: string }, Report extends { notes: string[] }>(
  script: LogsBenchScript<Args, Report>,
): void {
  const main = async (): Promise<void> => {
    const argv = process.argv.slice(2);
    if (argv.includes('--help')) {
      console.log(script.usage);
      return;
    }
    const args = script.parse(argv);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.log(`${signal}: stopping the processes the bench started`);
        void stopAllChildren().finally(() => process.exit(130));
      });
    }
    const report = await script.run(args);
    report.notes.push(script.note);
    script.print(report);
    console.log(`\nresults: ${script.write(args.out, report)}`);
  };
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
}
