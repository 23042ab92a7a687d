import { parseArgs } from 'node:util';
import { ConfigError, dropKnownHarmlessWarnings } from '@daytwo/core';
import { alertsCommand } from './alerts/alerts-command';
import { loadCliConfig } from './config';
import { dlqCommand } from './dlq/dlq-command';
import type { StoreChoice } from './dlq/dead-letter-store';
import { causeText, CliError, UsageError } from './errors';
import { processOutput, type Output } from './output';
import { statusCommand } from './status/status-command';
import { USAGE } from './usage';

const OPTIONS = {
  config: { type: 'string' },
  brokers: { type: 'string' },
  'topic-prefix': { type: 'string' },
  endpoint: { type: 'string', multiple: true },
  es: { type: 'string' },
  'index-prefix': { type: 'string' },
  redis: { type: 'string' },
  'alerter-prefix': { type: 'string' },
  destination: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
  reason: { type: 'string' },
  stage: { type: 'string' },
  store: { type: 'string' },
  limit: { type: 'string' },
  all: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function positiveNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} ${text}: expected a positive number`);
  return n;
}

function storeChoice(text: string | undefined): StoreChoice {
  if (text === undefined) return 'all';
  if (text === 'kafka' || text === 'es' || text === 'all') return text;
  throw new UsageError(`--store ${text}: expected kafka, es or all`);
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

async function run(argv: readonly string[], output: Output, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, action, ...rest] = positionals;
  if (values.version) {
    output.out('daytwo 0.1.0');
    return 0;
  }
  if (values.help || command === 'help' || command === undefined) {
    output.out(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const config = loadCliConfig({
    config: values.config,
    brokers: values.brokers,
    topicPrefix: values['topic-prefix'],
    endpoint: values.endpoint,
    es: values.es,
    indexPrefix: values['index-prefix'],
    redis: values.redis,
    alerterPrefix: values['alerter-prefix'],
    destination: values.destination,
  });
  const json = values.json ?? false;
  switch (command) {
    case 'status':
      if (action !== undefined) throw new UsageError(`status takes no argument (got ${action})`);
      return statusCommand(
        config,
        {
          json,
          watch: values.watch ?? false,
          intervalMs: positiveNumber('interval', values.interval, 2) * 1000,
          signal,
        },
        output,
      );
    case 'dlq':
      return dlqCommand(
        config,
        action,
        rest,
        {
          json,
          store: storeChoice(values.store),
          reason: values.reason,
          stage: values.stage,
          limit: Math.floor(positiveNumber('limit', values.limit, 20)),
          all: values.all ?? false,
          dryRun: values['dry-run'] ?? false,
        },
        output,
      );
    case 'alerts':
      return alertsCommand(config, action, rest, { json, all: values.all ?? false }, output);
    default:
      throw new UsageError(`unknown command ${command} (status, dlq, alerts; --help)`);
  }
}

/**
 * Runs one CLI invocation; resolves to the exit code. Every failure is one line on stderr: `daytwo: <what>`.
 * Ctrl-C ends a `status --watch` cleanly.
 */
export async function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  dropKnownHarmlessWarnings();
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    return await run(argv, output, stop.signal);
  } catch (err) {
    if (err instanceof CliError) {
      output.err(`daytwo: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      output.err(`daytwo: ${err.message.replace(/\n\s*-?\s*/g, ' ')}`);
      return 2;
    }
    output.err(`daytwo: ${causeText(err)}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
  }
}
