import type { LogRecord, MetricSample } from '@daytwo/core';

/** A minimal valid log record for tests; `patch` is merged at the top level. */
export function logRecord(message: string, patch: Partial<LogRecord> = {}): LogRecord {
  return {
    schema_version: 1,
    '@timestamp': '2026-01-01T00:00:00.000Z',
    message,
    event: { id: `id-${message.slice(0, 24)}` },
    ...patch,
  };
}

export function metricSample(name: string, labels: Record<string, string> = {}, value = 1): MetricSample {
  return {
    schema_version: 1,
    id: `${name}-${JSON.stringify(labels)}`,
    name,
    labels,
    value,
    timestamp: 0,
    type: 'gauge',
  };
}
