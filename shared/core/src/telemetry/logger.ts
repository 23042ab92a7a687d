import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from './telemetry-config';

export type { Logger } from 'pino';

const SECRET_FIELDS = [
  'password',
  'passwd',
  'secret',
  'token',
  'apiKey',
  'api_key',
  'privateKey',
  'accessKey',
  'credentials',
  'authorization',
  'cookie',
];

/** ioredis errors carry the failed command with its arguments: those of AUTH are the password. */
const COMMAND_ARGS = 'command.args';

/**
 * Field paths masked in every log line, at the top level and up to three objects deep. A backstop only: log the
 * effective config through `redactConfig`, which also knows schema-marked and referenced secrets.
 */
export const LOG_REDACT_PATHS: readonly string[] = [...SECRET_FIELDS, COMMAND_ARGS].flatMap((f) => [
  f,
  `*.${f}`,
  `*.*.${f}`,
  `*.*.*.${f}`,
]);

export interface CreateLoggerOptions {
  /** Default: stdout, written synchronously so a log line right before process.exit is not lost. */
  destination?: DestinationStream;
  /** Added to LOG_REDACT_PATHS. */
  redactPaths?: readonly string[];
}

/** JSON lines: {"level":"info","time":"<ISO>","service":"sink",...,"msg":"..."}. */
export function createLogger(service: string, level: LogLevel = 'info', options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...LOG_REDACT_PATHS, ...(options.redactPaths ?? [])], censor: '[REDACTED]' },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}
