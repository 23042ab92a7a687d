import { SCHEMA_VERSION, type AnomalyEvent } from '@daytwo/core';

/** A valid metric anomaly event; `over` replaces fields. */
export function metricEvent(id: string, over: Partial<AnomalyEvent> = {}): AnomalyEvent {
  return {
    schema_version: SCHEMA_VERSION,
    id,
    '@timestamp': '2026-03-01T10:00:00.000Z',
    source: 'metric',
    detector: 'metric-rank-ensemble',
    score: 0.95,
    reason: 'value above the expected range',
    status: 'firing',
    series: {
      name: 'http_request_duration_seconds',
      labels: { namespace: 'shop', pod: 'checkout-7d9f8b6c5d-x2x4q', quantile: '0.99' },
    },
    pod: 'checkout-7d9f8b6c5d-x2x4q',
    value: 2.5,
    expected: { lower: 0.1, upper: 0.4 },
    ...over,
  };
}

/** A valid log anomaly event of workload shop/checkout; `over` replaces fields. */
export function logEvent(id: string, over: Partial<AnomalyEvent> = {}): AnomalyEvent {
  return {
    schema_version: SCHEMA_VERSION,
    id,
    '@timestamp': '2026-03-01T10:00:05.000Z',
    source: 'log',
    detector: 'log-template-burst',
    score: 0.8,
    reason: 'template rate 40x above baseline',
    status: 'firing',
    workload: { namespace: 'shop', kind: 'Deployment', name: 'checkout' },
    pod: 'checkout-7d9f8b6c5d-x2x4q',
    template: {
      id: 'tpl-1',
      text: 'connection refused to <*>',
      example: 'connection refused to 10.0.0.7:5432',
    },
    ...over,
  };
}
