import { workloadOfSeries } from './series-workload';

describe('workloadOfSeries', () => {
  it.each([
    [
      { namespace: 'shop', deployment: 'web', pod: 'web-7d9c8b6f5d-x2x4q' },
      { namespace: 'shop', kind: 'Deployment', name: 'web' },
    ],
    [
      { namespace: 'db', statefulset: 'pg' },
      { namespace: 'db', kind: 'StatefulSet', name: 'pg' },
    ],
    [
      { namespace: 'kube-system', daemonset: 'agent' },
      { namespace: 'kube-system', kind: 'DaemonSet', name: 'agent' },
    ],
    [
      { namespace: 'shop', workload: 'cart' },
      { namespace: 'shop', name: 'cart' },
    ],
    [
      { namespace: 'shop', pod: 'api-7d9c8b6f5d-x2x4q', job: 'kubernetes-pods' },
      { namespace: 'shop', name: 'api' },
    ],
    [
      { namespace: 'shop', pod: 'web-0' },
      { namespace: 'shop', name: 'web-0' },
    ],
    [
      { job: 'node', instance: '10.0.0.1:9100' },
      { namespace: '', name: 'node' },
    ],
    [{ instance: 'x' }, undefined],
    [
      { namespace: 'shop', deployment: '', pod: 'agent-k8s2z' },
      { namespace: 'shop', name: 'agent' },
    ],
  ])('%j → %j', (labels, workload) => {
    expect(workloadOfSeries(labels)).toEqual(workload);
  });
});
