import { context, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from './telemetry-config';

// Loaded only when tracing is on (see tracing.ts): the SDK and its exporters add about a second to process start.

/**
 * Starts the OpenTelemetry Node SDK: tracer provider with resource `service.name=<service>`, parent-based ratio
 * sampler, async-hooks context manager, and the W3C trace-context + baggage propagator, all registered globally.
 * Returns the function that flushes spans and unregisters them again.
 */
export function startSdk(service: string, config: TracingConfig): () => Promise<void> {
  const sdk = new NodeSDK({
    serviceName: service,
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    spanProcessors: [spanProcessorFor(config)],
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    // Metrics are prom-client's and logs are pino's: keep the SDK from configuring its own from OTEL_* variables.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return () =>
    sdk.shutdown().finally(() => {
      trace.disable();
      propagation.disable();
      context.disable();
    });
}

function spanProcessorFor(config: TracingConfig): SpanProcessor {
  if (config.exporter === 'console') return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
  return new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: otlpTracesUrl(config.endpoint) }) });
}

/** The collector's base URL with the OTLP/HTTP traces path; undefined lets the exporter use OTEL_* or its default. */
export function otlpTracesUrl(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined) return undefined;
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}
