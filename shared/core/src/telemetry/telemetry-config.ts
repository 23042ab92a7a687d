import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const TRACE_EXPORTERS = ['none', 'otlp-http', 'console'] as const;

export const TracingConfig = z
  .object({
    /** `none` (default) registers no tracer provider: tracing costs nothing. */
    exporter: z.enum(TRACE_EXPORTERS).default('none'),
    /** OTLP/HTTP collector base URL (`http://otel-collector:4318`); `/v1/traces` is appended when missing. */
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    /** Share of new traces recorded; a trace started upstream keeps its upstream sampling decision. */
    sampleRatio: z.number().min(0).max(1).default(1),
  })
  .strict();
export type TracingConfig = z.output<typeof TracingConfig>;

export const MetricsServerConfig = z
  .object({
    host: z.string().min(1).default('0.0.0.0'),
    /** 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65535).default(9464),
  })
  .strict();
export type MetricsServerConfig = z.output<typeof MetricsServerConfig>;

/** The `telemetry` section every service's config schema embeds: `telemetry: TelemetryConfig`. All keys optional. */
export const TelemetryConfig = z
  .object({
    logLevel: z.enum(LOG_LEVELS).default('info'),
    metrics: MetricsServerConfig.prefault({}),
    tracing: TracingConfig.prefault({}),
  })
  .strict()
  .prefault({});
export type TelemetryConfig = z.output<typeof TelemetryConfig>;
