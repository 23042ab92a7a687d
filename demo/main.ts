/**
 * `npm start` (scripts/start.sh builds and runs this after bringing the local stack up): the whole pipeline on a
 * simulated cluster, an incident, and the alert it raises. See `--help`.
 */
import { dropKnownHarmlessWarnings } from '@daytwo/core';
import { DemoRunner } from './demo-runner';
import { parseOptions, USAGE, UsageError } from './options';
import { runSettings } from './run-settings';

async function main(argv: readonly string[]): Promise<number> {
  dropKnownHarmlessWarnings();
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`demo: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const runner = new DemoRunner(runSettings(parsed));
  process.once('exit', () => runner.killAll());
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    runner.interrupt();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runner.start();
  } catch (err) {
    // Ctrl-C during start stops the services being started: their start fails, which is no news.
    if (!interrupted) process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    await runner.stop();
    return interrupted ? 0 : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
