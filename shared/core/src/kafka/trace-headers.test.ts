import { ROOT_CONTEXT, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { IHeaders } from 'kafkajs';
import { extractTraceContext, injectTraceHeaders, kafkaHeaderGetter, kafkaHeaderSetter } from './trace-headers';

const propagator = new W3CTraceContextPropagator();
const spanContext: SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('kafka header getter/setter', () => {
  it.each<[string, IHeaders, string | string[] | undefined]>([
    ['string value', { traceparent: TRACEPARENT }, TRACEPARENT],
    ['Buffer value (as fetched)', { traceparent: Buffer.from(TRACEPARENT) }, TRACEPARENT],
    ['repeated header', { traceparent: [Buffer.from('a'), 'b'] }, ['a', 'b']],
    ['missing header', { other: 'x' }, undefined],
  ])('get: %s', (_name, headers, expected) => {
    expect(kafkaHeaderGetter.get(headers, 'traceparent')).toEqual(expected);
  });

  it('lists keys and sets values', () => {
    const headers: IHeaders = { a: 'x' };
    kafkaHeaderSetter.set(headers, 'b', 'y');
    expect(kafkaHeaderGetter.keys(headers)).toEqual(['a', 'b']);
    expect(headers['b']).toBe('y');
  });
});

describe('W3C trace context in kafka headers', () => {
  const withSpan = trace.setSpanContext(ROOT_CONTEXT, spanContext);

  it('injects traceparent and tracestate', () => {
    const headers = injectTraceHeaders({ keep: 'me' }, { context: withSpan, propagator });
    expect(headers).toEqual({ keep: 'me', traceparent: TRACEPARENT });
  });

  it.each<[string, (s: string) => Buffer | string]>([
    ['strings', (s) => s],
    ['Buffers', (s) => Buffer.from(s)],
  ])('extracts the span context from %s', (_name, wrap) => {
    const headers: IHeaders = { traceparent: wrap(TRACEPARENT), tracestate: wrap('vendor=abc') };
    const extracted = trace.getSpanContext(extractTraceContext(headers, { context: ROOT_CONTEXT, propagator }));
    expect(extracted).toMatchObject({ ...spanContext, isRemote: true });
    expect(extracted?.traceState?.get('vendor')).toBe('abc');
  });

  it.each<[string, IHeaders | undefined]>([
    ['no headers', undefined],
    ['no traceparent', { a: 'b' }],
    ['malformed traceparent', { traceparent: 'garbage' }],
  ])('extracts nothing from %s', (_name, headers) => {
    const extracted = extractTraceContext(headers, { context: ROOT_CONTEXT, propagator });
    expect(trace.getSpanContext(extracted)).toBeUndefined();
  });

  it('is a no-op without a registered SDK', () => {
    const headers = injectTraceHeaders({}, { context: withSpan });
    expect(headers).toEqual({});
    expect(trace.getSpanContext(extractTraceContext({ traceparent: TRACEPARENT }))).toBeUndefined();
  });
});
