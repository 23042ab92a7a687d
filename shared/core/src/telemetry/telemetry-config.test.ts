import { TelemetryConfig } from './telemetry-config';

describe('TelemetryConfig', () => {
  it('defaults every key', () => {
    expect(TelemetryConfig.parse(undefined)).toEqual({
      logLevel: 'info',
      metrics: { host: '0.0.0.0', port: 9464 },
      tracing: { exporter: 'none', sampleRatio: 1 },
    });
  });

  it.each([
    [{ logLevel: 'debug', tracing: { exporter: 'otlp-http', endpoint: 'http://otel:4318', sampleRatio: 0.1 } }],
    [{ metrics: { port: 0 } }],
    [{ tracing: { exporter: 'console' } }],
  ])('accepts %j', (input) => {
    expect(TelemetryConfig.safeParse(input).success).toBe(true);
  });

  it.each([
    [{ logLevel: 'loud' }, 'logLevel'],
    [{ metrics: { port: 70000 } }, 'metrics.port'],
    [{ metrics: { prot: 1 } }, 'metrics'],
    [{ tracing: { exporter: 'jaeger' } }, 'tracing.exporter'],
    [{ tracing: { endpoint: 'otel:4318' } }, 'tracing.endpoint'],
    [{ tracing: { sampleRatio: 1.5 } }, 'tracing.sampleRatio'],
  ])('rejects %j at %s', (input, path) => {
    const result = TelemetryConfig.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });
});
