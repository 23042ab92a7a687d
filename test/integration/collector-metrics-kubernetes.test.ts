import { RecordProducer, type TopicNames } from '@daytwo/core';
import { startCollector, type RunningCollector } from '@daytwo/collector-metrics';
import { Registry } from 'prom-client';
import { RecordedKubernetesApi } from '../fixtures/k8s/recorded-api-server';
import { KafkaTestScope } from '../support/kafka';
import { waitFor } from '../support/wait-for';
import { consumeSamples, isSeries, quietLogger, testConfig, type ReceivedSamples } from './collector-metrics-support';

// The recorded pod runs with the host network on 127.0.0.1:9100: the stack's node_exporter is really scraped.
const PODS = '/api/v1/namespaces/monitoring/pods';
const POD_LABELS = {
  job: 'kubernetes-pods',
  instance: '127.0.0.1:9100',
  namespace: 'monitoring',
  pod: 'node-exporter-5xk2p',
  container: 'node-exporter',
  app_kubernetes_io_name: 'node-exporter',
  node: 'worker-1',
};

const scope = new KafkaTestScope();
const api = new RecordedKubernetesApi().list(PODS, 'metrics-pods-list.json').watch(PODS, 'metrics-pods-watch.ndjson');
const registry = new Registry();
const producer = new RecordProducer(scope.kafka);
let topics: TopicNames;
let received: ReceivedSamples;
let collector: RunningCollector | undefined;

beforeAll(async () => {
  topics = await scope.topics(1);
  received = await consumeSamples(scope, topics);
});

afterAll(async () => {
  await collector?.stop();
  await producer.disconnect();
  await api.close();
  await scope.cleanup();
});

describe('collector-metrics Kubernetes discovery (recorded API server)', () => {
  it('scrapes the annotated pod with its labels and ends its series when the pod is deleted', async () => {
    const config = testConfig(topics, {
      targets: {
        kubernetes: {
          enabled: true,
          mode: 'url',
          url: await api.start(),
          insecureSkipTlsVerify: true,
          namespaces: ['monitoring'],
          podLabels: ['app.kubernetes.io/name'],
          nodeLocal: true,
        },
      },
      // Meta labels exist before relabeling; everything starting with __ is gone after it.
      relabel_configs: [{ source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' }],
    });
    collector = await startCollector({ config, logger: quietLogger(), registry, producer });

    const [up] = await received.waitFor(
      'up of the annotated pod',
      (s) => isSeries('up', POD_LABELS)(s) && s.value === 1,
    );
    expect(up!.labels).toEqual(POD_LABELS);
    const scraped = received.find((s) => s.labels['pod'] === POD_LABELS.pod && s.name.startsWith('node_'));
    expect(scraped.length).toBeGreaterThan(10);
    // Only the annotated, running pod is a target (not postgres-0, not the pending api pod from the watch).
    expect(collector.scrapes.targets().map((t) => t.labels)).toEqual([POD_LABELS]);
    // nodeLocal: the API server selects the pods of this node, in the list and in the watch.
    const selected = api.requests.filter(
      (r) => r.path === PODS && r.query['fieldSelector'] === 'spec.nodeName=it-node',
    );
    expect(selected.map((r) => r.query['watch'] ?? 'list')).toEqual(expect.arrayContaining(['list', 'true']));

    await waitFor(() => Promise.resolve(api.watchesOpen(PODS) > 0 || undefined), { what: 'an open pod watch' });
    const deletedAt = Date.now();
    api.push(PODS, 'metrics-pods-deleted.ndjson');
    const [stale] = await received.waitFor(
      'stale up of the deleted pod',
      (s) => isSeries('up', POD_LABELS)(s) && s.stale === true && s.timestamp >= deletedAt,
    );
    expect(Number.isNaN(stale!.value)).toBe(true);
    await received.waitFor(
      'stale node_exporter series of the deleted pod',
      (s) => s.labels['pod'] === POD_LABELS.pod && s.name.startsWith('node_') && s.stale === true,
    );
    expect(collector.scrapes.targets()).toEqual([]);
  });
});
