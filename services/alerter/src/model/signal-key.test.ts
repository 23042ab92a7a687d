import { logEvent, metricEvent } from '../test-support/events';
import { fingerprint, seriesSelector, signalKey } from './signal-key';

describe('signalKey', () => {
  it('ignores the pod of a metric series, so a restarted pod is the same signal', () => {
    const a = metricEvent('a');
    const b = metricEvent('b', {
      series: { ...a.series!, labels: { ...a.series!.labels, pod: 'checkout-other-pod' } },
    });
    expect(signalKey(a)).toBe(signalKey(b));
    expect(signalKey(a)).toBe(
      'metric|metric-rank-ensemble|http_request_duration_seconds{namespace="shop",quantile="0.99"}',
    );
  });

  it.each([
    ['another series', metricEvent('x', { series: { name: 'other', labels: {} } })],
    ['another detector', metricEvent('y', { detector: 'other' })],
    ['a log detector', logEvent('z')],
  ])('differs for %s', (_what, event) => {
    expect(signalKey(event)).not.toBe(signalKey(metricEvent('m')));
  });

  it('does not depend on the template of a log event', () => {
    expect(signalKey(logEvent('a'))).toBe(signalKey(logEvent('b', { template: { id: 't2', text: 'x' } })));
  });
});

describe('fingerprint', () => {
  it.each([
    [['a', 'b'], ['b', 'a', 'a'], true],
    [['a'], ['a', 'b'], false],
  ])('%j vs %j equal: %s', (x, y, equal) => {
    expect(fingerprint('c', 'ns/w', x) === fingerprint('c', 'ns/w', y)).toBe(equal);
  });

  it('depends on cluster and workload', () => {
    const base = fingerprint('c', 'ns/w', ['a']);
    expect(fingerprint('other', 'ns/w', ['a'])).not.toBe(base);
    expect(fingerprint('c', 'ns/v', ['a'])).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('seriesSelector', () => {
  it('escapes label values and sorts labels', () => {
    expect(seriesSelector({ name: 'm', labels: { b: 'say "hi"\\', a: 'x\ny' } })).toBe(
      'm{a="x\\ny",b="say \\"hi\\"\\\\"}',
    );
  });
});
