import { applyEvent, applyTick } from '../incident/reducer';
import { emptyState } from '../incident/state';
import type { Alert } from '../model/alert';
import { occurrenceKey, signalKey } from '../model/signal-key';
import { workloadOf } from '../model/workload';
import { logEvent, metricEvent } from '../test-support/events';
import { buildAlert } from './alert-builder';
import { alertmanagerAlerts } from './alertmanager';
import { escapeMrkdwn, slackMessage } from './slack';

function sampleAlert(events = [metricEvent('m'), logEvent('l')]): Alert {
  const options = {
    cluster: 'prod',
    links: { kibanaUrl: 'http://kibana', prometheusUrl: 'http://prom' },
    windowMs: 60_000,
    maxTemplates: 5,
  };
  const ctx = {
    now: 0,
    cluster: 'prod',
    windowMs: 60_000,
    resolveTimeoutMs: 600_000,
    refreshMs: 300_000,
    buildAlert: (input: Parameters<typeof buildAlert>[1]) => buildAlert(options, input),
  };
  let state = emptyState('shop/checkout');
  for (const event of events) {
    const input = { event, workload: workloadOf(event), signalKey: signalKey(event), memberKey: occurrenceKey(event) };
    state = applyEvent(state, input, ctx).state;
  }
  return applyTick(state, { ...ctx, now: 60_000 }).state.outbox[0]!.alert;
}

describe('alert text', () => {
  it('says what, where, when, score, templates and links', () => {
    const alert = sampleAlert();
    expect(alert.title).toBe('Anomaly in deployment shop/checkout (prod)');
    expect(alert.summary).toBe(
      'deployment shop/checkout: 2 anomalies: metric http_request_duration_seconds{namespace="shop",quantile="0.99"}: ' +
        'value above the expected range (value 2.5, expected 0.1–0.4); log log-template-burst: template rate 40x above baseline',
    );
    const lines = alert.description.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Where: cluster prod, namespace shop, workload Deployment/checkout, pods checkout-7d9f8b6c5d-x2x4q',
        'When: 2026-03-01T10:00:00.000Z to 2026-03-01T10:00:05.000Z',
        'Score: 0.95 (critical)',
        '  - 1× connection refused to <*>',
        '    e.g. connection refused to 10.0.0.7:5432',
        `Logs: ${alert.links.kibana}`,
        `Graph: ${alert.links.prometheus}`,
      ]),
    );
    expect(alert.window).toEqual({ from: '2026-03-01T09:59:00.000Z', to: '2026-03-01T10:01:05.000Z' });
  });
});

describe('Alertmanager payload', () => {
  it.each([
    ['firing', undefined, new Date(1_000 + 600_000).toISOString()],
    ['resolved', '2026-03-01T11:00:00.000Z', '2026-03-01T11:00:00.000Z'],
  ] as const)('%s', (status, endsAt, expectedEnd) => {
    const alert: Alert = { ...sampleAlert(), status, ...(endsAt ? { endsAt } : {}) };
    const [postable, ...rest] = alertmanagerAlerts(alert, { now: 1_000, resolveTimeoutMs: 600_000 });
    expect(rest).toEqual([]);
    expect(postable).toEqual({
      labels: {
        alertname: 'DaytwoAnomaly',
        cluster: 'prod',
        namespace: 'shop',
        workload: 'checkout',
        workload_kind: 'Deployment',
        severity: 'critical',
        daytwo_fingerprint: alert.fingerprint,
      },
      annotations: {
        summary: `${alert.title}: ${alert.summary}`,
        description: alert.description,
        score: '0.95',
        kibana_url: alert.links.kibana,
        prometheus_url: alert.links.prometheus,
      },
      startsAt: '2026-03-01T10:00:00.000Z',
      endsAt: expectedEnd,
      generatorURL: alert.links.prometheus,
    });
  });
});

describe('alert links', () => {
  it('graph a derived series by the expression that computes it from stored series', () => {
    const series = { name: 'http_request_duration_seconds:p90', labels: { namespace: 'shop' } };
    const alert = sampleAlert([metricEvent('m', { series })]);
    const expr = new URL(alert.links.prometheus!).searchParams.get('g0.expr');
    expect(expr).toBe(
      'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop"}[5m])))',
    );
    expect(alert.links.series.map((s) => s.series)).toEqual(['http_request_duration_seconds:p90{namespace="shop"}']);
  });
});

describe('Slack message', () => {
  it('has a fallback text and mrkdwn blocks with templates and links', () => {
    const alert = sampleAlert();
    const message = slackMessage(alert);
    expect(message.text).toBe(`[FIRING] ${alert.title}: ${alert.summary}`);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('connection refused to &lt;*&gt;');
    expect(text).toContain(`<${alert.links.kibana}|Logs in Kibana>`);
    expect(message.blocks.every((b) => typeof b['type'] === 'string')).toBe(true);
  });

  it.each([
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['*bold*', '*bold*'],
  ])('escapes %s', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });
});
