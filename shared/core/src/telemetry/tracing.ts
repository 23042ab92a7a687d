import type { Logger } from 'pino';
import type { TracingConfig } from './telemetry-config';

export interface Tracing {
  /** True when a tracer provider is registered and spans are recorded. */
  readonly enabled: boolean;
  /** Flushes pending spans and unregisters the global tracer provider, propagator and context manager. */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions {
  service: string;
  config: TracingConfig;
  logger?: Logger;
}

const DISABLED: Tracing = { enabled: false, shutdown: () => Promise.resolve() };

/**
 * With an exporter, starts the OpenTelemetry SDK (see tracing-sdk.ts): spans made through `@opentelemetry/api` are
 * recorded and exported, and `propagation.inject/extract` read and write W3C `traceparent` (e.g. in Kafka headers).
 * With exporter `none` (the default) nothing is loaded or registered: the API stays a no-op and costs nothing.
 */
export function startTracing(options: StartTracingOptions): Tracing {
  const { config, service } = options;
  if (config.exporter === 'none') return DISABLED;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred so that tracing off loads no SDK code
  const { startSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  const stop = startSdk(service, config);
  options.logger?.info({ exporter: config.exporter, sampleRatio: config.sampleRatio }, 'tracing started');
  let stopping: Promise<void> | undefined;
  return { enabled: true, shutdown: () => (stopping ??= stop()) };
}
