import { logEvent, metricEvent } from '../test-support/events';
import { workloadFromPodName, workloadKey, workloadOf } from './workload';

describe('workloadFromPodName', () => {
  it.each([
    ['checkout-7d9f8b6c5d-x2x4q', { name: 'checkout', kind: 'Deployment' }],
    ['redis-0', { name: 'redis', kind: 'StatefulSet' }],
    ['node-exporter-b7xkz', { name: 'node-exporter' }],
    ['standalone', { name: 'standalone' }],
    // "-house" has a vowel: not a generated suffix.
    ['ware-house', { name: 'ware-house' }],
  ])('%s', (pod, expected) => {
    expect(workloadFromPodName(pod)).toEqual(expected);
  });
});

describe('workloadOf', () => {
  it.each([
    ['the event workload', logEvent('a'), { namespace: 'shop', kind: 'Deployment', name: 'checkout' }],
    [
      'a guess from the pod of a metric series',
      metricEvent('b'),
      { namespace: 'shop', kind: 'Deployment', name: 'checkout' },
    ],
    [
      'a workload label of the series',
      metricEvent('c', { pod: undefined, series: { name: 'up', labels: { namespace: 'db', statefulset: 'pg' } } }),
      { namespace: 'db', kind: 'StatefulSet', name: 'pg' },
    ],
    [
      'the series name without any Kubernetes identity',
      metricEvent('d', { pod: undefined, series: { name: 'node_load1', labels: { instance: 'n1:9100' } } }),
      { namespace: '', name: 'node_load1' },
    ],
  ])('takes %s', (_what, event, expected) => {
    expect(workloadOf(event)).toEqual(expected);
  });

  it('gives a metric and a log event of the same workload the same key', () => {
    expect(workloadKey(workloadOf(metricEvent('m')))).toBe(workloadKey(workloadOf(logEvent('l'))));
  });
});
