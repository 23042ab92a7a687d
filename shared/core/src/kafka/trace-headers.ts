import {
  context as otelContext,
  propagation,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

/** Reads kafkajs headers, whose values arrive from the broker as Buffers (or arrays of them when repeated). */
export const kafkaHeaderGetter: TextMapGetter<IHeaders> = {
  keys(carrier) {
    return Object.keys(carrier);
  },
  get(carrier, key) {
    const value = carrier[key];
    if (value === undefined) return undefined;
    if (Array.isArray(value)) return value.map((v) => v.toString());
    return value.toString();
  },
};

export const kafkaHeaderSetter: TextMapSetter<IHeaders> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

export interface TraceHeaderOptions {
  /** Defaults to the active context. */
  context?: Context;
  /** Defaults to the globally registered propagator, which is a no-op until an OpenTelemetry SDK is started. */
  propagator?: TextMapPropagator;
}

/** Writes `traceparent`/`tracestate` of the context into the headers (mutates and returns them). */
export function injectTraceHeaders(headers: IHeaders, options: TraceHeaderOptions = {}): IHeaders {
  const ctx = options.context ?? otelContext.active();
  if (options.propagator) options.propagator.inject(ctx, headers, kafkaHeaderSetter);
  else propagation.inject(ctx, headers, kafkaHeaderSetter);
  return headers;
}

/** The context carried by the headers, on top of `options.context` (default: the active context). */
export function extractTraceContext(headers: IHeaders | undefined, options: TraceHeaderOptions = {}): Context {
  const ctx = options.context ?? otelContext.active();
  if (!headers) return ctx;
  if (options.propagator) return options.propagator.extract(ctx, headers, kafkaHeaderGetter);
  return propagation.extract(ctx, headers, kafkaHeaderGetter);
}
