import { PodStore, type LogRecord, type MetricSample, type PodMetadata } from '@daytwo/core';
import { ProcessorConfigError, runProcessor } from '@daytwo/processor-api';
import { logRecord, metricSample } from '../../test-support/records';
import { defineKubernetesMetadata } from './kubernetes-metadata';

const WEB: PodMetadata = {
  uid: 'uid-web',
  namespace: 'shop',
  name: 'web-1-a',
  labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/version': '1.4', team: 'checkout' },
  annotations: { 'prometheus.io/scrape': 'true', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  nodeName: 'worker-1',
  owner: { kind: 'ReplicaSet', name: 'web-1' },
  workload: { kind: 'Deployment', name: 'web' },
  containers: [{ name: 'web', image: 'web:1.4' }],
};

/** The processor over an in-memory pod store (what the watch cache holds), with WEB deleted a moment ago. */
function processorWithPods() {
  const store = new PodStore({ deletedTtlMs: 60_000, maxDeletedPods: 10 });
  store.upsert(WEB);
  store.upsert({ ...WEB, uid: 'uid-gone', name: 'web-1-b' });
  store.markDeleted('uid-gone', Date.now());
  const lookup = { getByUid: store.getByUid.bind(store), getByName: store.getByName.bind(store) };
  return defineKubernetesMetadata(() =>
    Promise.resolve({
      cache: { ...lookup, waitForSync: () => Promise.resolve(true) },
      release: () => Promise.resolve(),
    }),
  );
}

const podLog = (kubernetes: LogRecord['kubernetes']) => logRecord('GET /cart 200', { kubernetes });

describe('kubernetes-metadata on logs', () => {
  it.each<{ name: string; config: object; record: LogRecord; expected: LogRecord['kubernetes'] }>([
    {
      name: 'adds labels (all by default), workload and node by pod uid; no annotations by default',
      config: {},
      record: podLog({ pod: { uid: 'uid-web' } }),
      expected: {
        namespace: 'shop',
        pod: { uid: 'uid-web', name: 'web-1-a' },
        node: { name: 'worker-1' },
        labels: WEB.labels,
        workload: { kind: 'Deployment', name: 'web' },
      },
    },
    {
      name: 'copies only the allowed labels and annotations (exact and prefix*)',
      config: { labels: ['team', 'app.kubernetes.io/n*'], annotations: ['prometheus.io/*'] },
      record: podLog({ pod: { uid: 'uid-web' } }),
      expected: {
        namespace: 'shop',
        pod: { uid: 'uid-web', name: 'web-1-a' },
        node: { name: 'worker-1' },
        labels: { 'app.kubernetes.io/name': 'web', team: 'checkout' },
        annotations: { 'prometheus.io/scrape': 'true' },
        workload: { kind: 'Deployment', name: 'web' },
      },
    },
    {
      name: 'finds a pod by namespace and name when the record has no uid, keeping what the record has',
      config: { labels: [], annotations: 'all' },
      record: podLog({ namespace: 'shop', pod: { name: 'web-1-a' }, node: { name: 'from-source' } }),
      expected: {
        namespace: 'shop',
        pod: { uid: 'uid-web', name: 'web-1-a' },
        node: { name: 'from-source' },
        annotations: WEB.annotations,
        workload: { kind: 'Deployment', name: 'web' },
      },
    },
    {
      name: 'enriches the lines of a deleted pod',
      config: { labels: ['team'] },
      record: podLog({ pod: { uid: 'uid-gone' } }),
      expected: {
        namespace: 'shop',
        pod: { uid: 'uid-gone', name: 'web-1-b' },
        node: { name: 'worker-1' },
        labels: { team: 'checkout' },
        workload: { kind: 'Deployment', name: 'web' },
      },
    },
    {
      name: 'passes a record of an unknown pod unchanged',
      config: {},
      record: podLog({ namespace: 'shop', pod: { uid: 'uid-unknown', name: 'x' } }),
      expected: { namespace: 'shop', pod: { uid: 'uid-unknown', name: 'x' } },
    },
    { name: 'passes a record naming no pod unchanged', config: {}, record: logRecord('x'), expected: undefined },
  ])('$name', async ({ config, record, expected }) => {
    const result = await runProcessor(processorWithPods(), config, [record], { kind: 'log' });
    expect(result.failures).toEqual([]);
    expect(result.records).toEqual([{ ...record, kubernetes: expected }]);
  });
});

describe('kubernetes-metadata on metrics', () => {
  it.each<{ name: string; config: object; labels: Record<string, string>; expected: Record<string, string> }>([
    {
      name: 'adds the configured pod labels, workload and node by pod uid',
      config: {
        metrics: {
          podLabels: { team: 'team' },
          workloadLabel: 'workload',
          workloadKindLabel: 'kind',
          nodeLabel: 'node',
        },
      },
      labels: { pod_uid: 'uid-web' },
      expected: { pod_uid: 'uid-web', team: 'checkout', workload: 'web', kind: 'Deployment', node: 'worker-1' },
    },
    {
      name: 'looks up by namespace and pod labels, and keeps labels the sample has',
      config: { metrics: { podLabels: { 'app.kubernetes.io/name': 'app', missing: 'm' }, namespaceLabel: 'ns' } },
      labels: { ns: 'shop', pod: 'web-1-a', app: 'from-target' },
      expected: { ns: 'shop', pod: 'web-1-a', app: 'from-target' },
    },
    {
      name: 'uses a configured uid label',
      config: { metrics: { podUidLabel: 'uid', podLabels: { team: 'team' } } },
      labels: { uid: 'uid-web' },
      expected: { uid: 'uid-web', team: 'checkout' },
    },
    {
      name: 'passes a sample of an unknown pod unchanged',
      config: { metrics: { podLabels: { team: 'team' } } },
      labels: { namespace: 'shop', pod: 'nope' },
      expected: { namespace: 'shop', pod: 'nope' },
    },
  ])('$name', async ({ config, labels, expected }) => {
    const sample: MetricSample = metricSample('up', labels);
    const result = await runProcessor(processorWithPods(), config, [sample], { kind: 'metric' });
    expect(result.records).toEqual([{ ...sample, labels: expected }]);
  });

  it.each([
    { config: { metrics: { podLabels: { team: 'not-a-label' } } }, key: 'kubernetes-metadata.metrics.podLabels.team' },
    { config: { labels: 'some' }, key: 'kubernetes-metadata.labels' },
    { config: { kubernetes: { mode: 'url' } }, key: 'kubernetes-metadata.kubernetes.url' },
    { config: { stateDirectory: '/x' }, key: 'kubernetes-metadata.stateDirectory' },
  ])('rejects config naming $key', async ({ config, key }) => {
    const run = runProcessor(processorWithPods(), config, [], { kind: 'log' });
    await expect(run).rejects.toThrow(ProcessorConfigError);
    await expect(run).rejects.toThrow(key);
  });
});
