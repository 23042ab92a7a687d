import type { AnomalyEvent } from '@daytwo/core';
import { occurrenceKey, signalKey } from '../model/signal-key';
import { workloadKey, workloadOf } from '../model/workload';
import { buildAlert } from '../render/alert-builder';
import { logEvent, metricEvent } from '../test-support/events';
import { acknowledgeOutbox, applyEvent, applyTick, isIdle, nextDue, type ReducerContext } from './reducer';
import { emptyState, type WorkloadState } from './state';

const WINDOW = 1_000;
const RESOLVE = 10_000;
const REFRESH = 5_000;

function context(now: number): ReducerContext {
  return {
    now,
    cluster: 'prod',
    windowMs: WINDOW,
    resolveTimeoutMs: RESOLVE,
    refreshMs: REFRESH,
    buildAlert: (input) =>
      buildAlert({ cluster: 'prod', links: { kibanaUrl: 'http://kibana' }, windowMs: WINDOW, maxTemplates: 5 }, input),
  };
}

/** Feeds events and ticks to one workload's state, through a JSON round trip each time (as Redis stores it). */
class Scenario {
  state: WorkloadState = emptyState('shop/checkout');
  outcomes: string[] = [];

  event(at: number, event: AnomalyEvent): this {
    const input = { event, workload: workloadOf(event), signalKey: signalKey(event), memberKey: occurrenceKey(event) };
    expect(workloadKey(input.workload)).toBe('shop/checkout');
    const result = applyEvent(this.state, input, context(at));
    this.outcomes.push(result.outcome);
    this.state = JSON.parse(JSON.stringify(result.state)) as WorkloadState;
    return this;
  }

  tick(at: number): this {
    this.state = JSON.parse(JSON.stringify(applyTick(this.state, context(at)).state)) as WorkloadState;
    return this;
  }

  /** Takes the outbox, as the engine does once the jobs are queued. */
  drain() {
    const entries = this.state.outbox;
    this.state = acknowledgeOutbox(
      this.state,
      entries.map((e) => e.alert),
    );
    return entries;
  }
}

describe('grouping', () => {
  it('makes one alert of a metric and a log anomaly of one workload within the window', () => {
    const s = new Scenario().event(0, metricEvent('m1')).event(400, logEvent('l1')).tick(999);
    expect(s.drain()).toEqual([]);
    const [entry, ...rest] = s.tick(1_000).drain();
    expect(rest).toEqual([]);
    const alert = entry!.alert;
    expect(alert).toMatchObject({
      version: 1,
      status: 'firing',
      cluster: 'prod',
      workload: { namespace: 'shop', kind: 'Deployment', name: 'checkout' },
      pods: ['checkout-7d9f8b6c5d-x2x4q'],
      series: ['http_request_duration_seconds{namespace="shop",quantile="0.99"}'],
      detectors: ['log-template-burst', 'metric-rank-ensemble'],
      score: 0.95,
      severity: 'critical',
      startsAt: '2026-03-01T10:00:00.000Z',
      lastEventAt: '2026-03-01T10:00:05.000Z',
      templates: [
        { id: 'tpl-1', text: 'connection refused to <*>', example: 'connection refused to 10.0.0.7:5432', count: 1 },
      ],
      events: 2,
    });
    expect(alert.signals.map((x) => x.source)).toEqual(['metric', 'log']);
    expect(s.outcomes).toEqual(['opened', 'grouped']);
  });

  it('counts templates over the group and ranks them', () => {
    const s = new Scenario()
      .event(0, logEvent('a', { template: { id: 't1', text: 'one' } }))
      .event(1, logEvent('b', { template: { id: 't2', text: 'two', example: 'two!' } }))
      .event(2, logEvent('c', { template: { id: 't2', text: 'two' } }))
      .tick(WINDOW);
    expect(s.drain()[0]!.alert.templates).toEqual([
      { id: 't2', text: 'two', example: 'two!', count: 2 },
      { id: 't1', text: 'one', count: 1 },
    ]);
  });
});

describe('deduplication', () => {
  it.each<[string, (s: Scenario) => Scenario, string]>([
    ['a redelivered event id', (s) => s.event(WINDOW + 10, metricEvent('m1')), 'duplicate'],
    ['the same signal again', (s) => s.event(WINDOW + 10, metricEvent('m2')), 'deduplicated'],
    [
      'the same signal on another pod',
      (s) => s.event(WINDOW + 10, metricEvent('m3', { pod: 'checkout-7d9f8b6c5d-zzzzz' })),
      'deduplicated',
    ],
  ])('queues nothing for %s', (_what, act, outcome) => {
    const s = new Scenario().event(0, metricEvent('m1')).tick(WINDOW);
    expect(s.drain()).toHaveLength(1);
    act(s).tick(3 * WINDOW);
    expect(s.drain()).toEqual([]);
    expect(s.outcomes.at(-1)).toBe(outcome);
  });

  it('alerts again for a new signal of the same workload, under another fingerprint', () => {
    const s = new Scenario().event(0, metricEvent('m1')).tick(WINDOW);
    const first = s.drain()[0]!.alert;
    s.event(WINDOW + 10, logEvent('l1')).tick(2 * WINDOW + 10);
    const second = s.drain()[0]!.alert;
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.detectors).toEqual(['log-template-burst']);
  });

  it('re-sends a long-firing incident to Alertmanager only, as a new version', () => {
    const s = new Scenario().event(0, metricEvent('m1')).tick(WINDOW);
    s.drain();
    s.event(WINDOW + REFRESH, metricEvent('m2'));
    expect(s.drain()).toEqual([
      { alert: expect.objectContaining({ version: 2, status: 'firing' }), onlyTypes: ['alertmanager'] },
    ]);
  });
});

describe('resolution', () => {
  it('resolves once every signal of the incident is resolved', () => {
    const s = new Scenario().event(0, metricEvent('m1')).event(1, logEvent('l1')).tick(WINDOW);
    const fired = s.drain()[0]!.alert;
    s.event(2_000, metricEvent('m2', { status: 'resolved', score: 0 }));
    expect(s.drain()).toEqual([]);
    // The processor gives the resolved event the id of its firing event.
    s.event(3_000, logEvent('l1', { status: 'resolved', score: 0.8, reason: 'back to normal' }));
    const [resolved] = s.drain();
    expect(resolved!.alert).toEqual({
      ...fired,
      status: 'resolved',
      version: 2,
      updatedAt: new Date(3_000).toISOString(),
      endsAt: new Date(3_000).toISOString(),
    });
    expect(isIdle(s.state)).toBe(true);
  });

  it('stays firing while another occurrence of the same signal still fires', () => {
    const s = new Scenario()
      .event(0, logEvent('l1', { template: { id: 't1', text: 'a' } }))
      .event(1, logEvent('l2', { template: { id: 't2', text: 'b' } }))
      .tick(WINDOW);
    s.drain();
    s.event(2_000, logEvent('l1', { status: 'resolved' }));
    expect(s.drain()).toEqual([]);
    s.event(3_000, logEvent('l9', { status: 'resolved' }));
    expect(s.outcomes.slice(-2)).toEqual(['resolved', 'ignored']);
    s.event(4_000, logEvent('l2', { status: 'resolved' }));
    expect(s.drain().map((e) => e.alert.status)).toEqual(['resolved']);
  });

  it('resolves an incident without firing events for the resolve timeout', () => {
    const s = new Scenario().event(0, metricEvent('m1')).tick(WINDOW);
    s.drain();
    s.event(4_000, metricEvent('m2')).tick(4_000 + RESOLVE - 1);
    expect(s.drain()).toEqual([]);
    s.tick(4_000 + RESOLVE);
    expect(s.drain().map((e) => [e.alert.status, e.alert.version])).toEqual([['resolved', 2]]);
  });

  it('continues the version of a fingerprint when the incident fires again', () => {
    const s = new Scenario()
      .event(0, metricEvent('m1'))
      .tick(WINDOW)
      .tick(WINDOW + RESOLVE);
    s.event(20_000, metricEvent('m9')).tick(20_000 + WINDOW);
    const versions = s.drain().map((e) => `${e.alert.status}:${e.alert.version}`);
    expect(versions).toEqual(['firing:1', 'resolved:2', 'firing:3']);
  });

  it('sends one resolved alert for a group that ended within its window', () => {
    const s = new Scenario().event(0, metricEvent('m1')).event(10, metricEvent('m2', { status: 'resolved' }));
    const [entry, ...rest] = s.tick(WINDOW).drain();
    expect(rest).toEqual([]);
    expect(entry!.alert).toMatchObject({ status: 'resolved', version: 1, endsAt: new Date(WINDOW).toISOString() });
    expect(s.state.incidents).toEqual([]);
  });

  it('ignores a resolved event nobody alerted on', () => {
    const s = new Scenario().event(0, metricEvent('m1', { status: 'resolved' }));
    expect(s.outcomes).toEqual(['ignored']);
    expect(isIdle(s.state)).toBe(true);
  });
});

describe('nextDue', () => {
  it.each<[string, (s: Scenario) => Scenario, number | undefined]>([
    ['nothing pending', (s) => s, undefined],
    ['an open window', (s) => s.event(100, metricEvent('m1')), 100 + WINDOW],
    ['an undrained outbox', (s) => s.event(0, metricEvent('m1')).tick(WINDOW), 0],
  ])('%s', (_what, build, due) => {
    expect(nextDue(build(new Scenario()).state, RESOLVE)).toBe(due);
  });

  it('is the resolve deadline of a drained incident', () => {
    const s = new Scenario().event(0, metricEvent('m1')).tick(WINDOW);
    s.drain();
    expect(nextDue(s.state, RESOLVE)).toBe(RESOLVE);
  });
});
