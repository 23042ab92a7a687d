import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { findConfigFile, loadConfig } from '../config/load-config';
import { redactConfig } from '../config/redact';
import { createLogger } from '../telemetry/logger';
import { createMetricsRegistry } from '../telemetry/metrics-registry';
import { routeProcessWarnings } from '../telemetry/process-warnings';
import { startTelemetryServer } from '../telemetry/metrics-server';
import type { TelemetryServer } from '../telemetry/metrics-server';
import type { TelemetryConfig } from '../telemetry/telemetry-config';
import { startTracing } from '../telemetry/tracing';
import type { Tracing } from '../telemetry/tracing';
import { Lifecycle } from './lifecycle';
import type { ShutdownStepFn } from './lifecycle';

/** Exit code of a service that refused to start because of its configuration. */
export const CONFIG_ERROR_EXIT_CODE = 2;

export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  registry: Registry;
  telemetry: TelemetryServer;
  tracing: Tracing;
  /** Register shutdown steps here (stop intake, drain, commit, close) in the order they must run. */
  lifecycle: Lifecycle;
}

export interface RunServiceOptions<S extends z.ZodType<{ telemetry: TelemetryConfig }>> {
  name: string;
  /** Must embed `telemetry: TelemetryConfig`. */
  configSchema: S;
  /** Starts the work; the returned function (if any) runs as a shutdown step after the steps `start` registered. */
  start: (ctx: ServiceContext<z.output<S>>) => Promise<ShutdownStepFn | void>;
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  shutdownTimeoutMs?: number;
  exit?: (code: number) => void;
}

/**
 * The main of every service: config (--config / DAYTWO_CONFIG + DAYTWO__ overrides; invalid → message on stderr and
 * exit 2), logger, tracing, telemetry server on `telemetry.metrics`, then `start`, with graceful shutdown wired.
 * Readiness check `running` is false until `start` has resolved and again from the first shutdown step on.
 * Resolves to the context once started, or undefined when the service exited instead.
 */
export async function runService<S extends z.ZodType<{ telemetry: TelemetryConfig }>>(
  options: RunServiceOptions<S>,
): Promise<ServiceContext<z.output<S>> | undefined> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const env = options.env ?? process.env;
  let config: z.output<S>;
  try {
    const file = findConfigFile(options.argv ?? process.argv.slice(2), env);
    config = loadConfig(options.configSchema, { file, env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${options.name}: ${err.message}\n`);
    exit(CONFIG_ERROR_EXIT_CODE);
    return undefined;
  }

  const { telemetry: telemetryConfig } = config;
  const logger = createLogger(options.name, telemetryConfig.logLevel);
  routeProcessWarnings(logger);
  const lifecycle = new Lifecycle({ logger, timeoutMs: options.shutdownTimeoutMs, exit }).install();
  logger.info({ config: redactConfig(config, { schema: options.configSchema }) }, 'starting');

  const tracing = startTracing({ service: options.name, config: telemetryConfig.tracing, logger });
  const registry = createMetricsRegistry(options.name);
  const telemetry = await startTelemetryServer({ ...telemetryConfig.metrics, registry, service: options.name, logger });
  telemetry.setReady('running', false);
  lifecycle.addStep('mark not ready', () => telemetry.setReady('running', false));
  lifecycle.addStep('close telemetry server', () => telemetry.close(), 'final');
  lifecycle.addStep('stop tracing', () => tracing.shutdown(), 'final');

  const ctx: ServiceContext<z.output<S>> = { config, logger, registry, telemetry, tracing, lifecycle };
  try {
    const stop = await options.start(ctx);
    if (stop) lifecycle.addStep('stop service', stop);
  } catch (err) {
    logger.fatal({ err }, 'service failed to start');
    exit(1);
    return undefined;
  }
  telemetry.setReady('running', true);
  logger.info({ metricsPort: telemetry.port }, 'started');
  return ctx;
}
