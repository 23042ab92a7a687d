import { logRecord } from '../../test-support/records';
import { ownerFromPodName, workloadOf } from './workload-identity';

describe('ownerFromPodName', () => {
  it.each([
    ['api-7d9c8b6f5d-x2x4q', 'api'],
    ['payments-api-6b8fd9c7b-qz5wk', 'payments-api'],
    ['fluent-bit-k8s2z', 'fluent-bit'],
    ['web-0', 'web-0'],
    ['etcd-node1', 'etcd-node1'],
    ['backup-28374650-abcde', 'backup-28374650-abcde'],
    ['backup-28374650-b4c2d', 'backup-28374650'],
    ['x2x4q', 'x2x4q'],
  ])('%s → %s', (pod, owner) => {
    expect(ownerFromPodName(pod)).toBe(owner);
  });
});

describe('workloadOf', () => {
  it.each([
    [
      'namespace + declared workload',
      { namespace: 'shop', pod: { name: 'api-7d9c8b6f5d-x2x4q' }, workload: { kind: 'Deployment', name: 'api' } },
      {
        key: 'shop/api',
        workload: { namespace: 'shop', kind: 'Deployment', name: 'api' },
        pod: 'api-7d9c8b6f5d-x2x4q',
      },
    ],
    [
      'no workload: the pod name without its suffixes',
      { namespace: 'shop', pod: { name: 'api-7d9c8b6f5d-x2x4q' } },
      { key: 'shop/api', workload: { namespace: 'shop', name: 'api' }, pod: 'api-7d9c8b6f5d-x2x4q' },
    ],
    [
      'no pod either: the dataset or default',
      undefined,
      { key: '/default', workload: { namespace: '', name: 'default' } },
    ],
  ])('%s', (_name, kubernetes, expected) => {
    expect(workloadOf(logRecord('m', kubernetes === undefined ? {} : { kubernetes }))).toEqual(expected);
  });
});
