import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POD_CACHE_FILE, type LogRecord, type MetricSample } from '@daytwo/core';
import {
  memoryStateStore,
  parseProcessorConfig,
  type Processor,
  type ProcessorContext,
  type ProcessorLogger,
} from '@daytwo/processor-api';
import type { KubernetesMetadataConfig } from '../../services/processor/src/processors/kubernetes-metadata/config';
import {
  kubernetesMetadata,
  podCacheOptions,
} from '../../services/processor/src/processors/kubernetes-metadata/kubernetes-metadata';
import { kubernetesMetadataLookups } from '../../services/processor/src/processors/kubernetes-metadata/metrics';
import { acquirePodCache } from '../../services/processor/src/processors/kubernetes-metadata/pod-cache-pool';
import { RecordedKubernetesApi } from '../fixtures/k8s/recorded-api-server';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';

const PODS = '/api/v1/pods';
const REPLICASETS = '/apis/apps/v1/replicasets';
const NIGHTLY_JOB = '/apis/batch/v1/namespaces/ops/jobs/nightly-29000000';
const UID = {
  web: '6f1c2b7e-0a3d-4c5e-9b8f-1d2e3f4a5b6c',
  webAdded: '7a2d3c8f-1b4e-4f6a-8c9d-2e3f4a5b6c7d',
  db: '0b6a9c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d',
  nightly: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  agent: '9d8c7b6a-5f4e-4d3c-9b2a-1f0e9d8c7b6a',
  worker: '8e1f2a3b-4c5d-4e6f-9a0b-1c2d3e4f5a6b',
  api: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
  debug: '6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e9f',
  unknown: '00000000-0000-4000-8000-000000000000',
};

const log = (uid: string): LogRecord => ({
  schema_version: 1,
  '@timestamp': '2026-01-10T09:00:00.000Z',
  message: `line from ${uid}`,
  event: { id: `log-${uid}` },
  kubernetes: { pod: { uid } },
});
const sample = (labels: Record<string, string>): MetricSample => ({
  schema_version: 1,
  id: `m-${JSON.stringify(labels)}`,
  name: 'http_requests_total',
  labels,
  value: 1,
  timestamp: 1_768_000_000_000,
  type: 'counter',
});

describe('kubernetes-metadata against recorded Kubernetes API responses', () => {
  const warnings: unknown[] = [];
  const logger: ProcessorLogger = { debug() {}, info() {}, warn: (obj) => warnings.push(obj), error() {} };
  const name = uniqueName('k8s_meta');
  const ctx: ProcessorContext = { name, logger, emitAnomaly() {}, state: memoryStateStore() };
  let stateDir: string;
  let api: RecordedKubernetesApi;
  let processor: Processor;

  let config: KubernetesMetadataConfig;
  const open = async (url: string) => {
    config = parseProcessorConfig<KubernetesMetadataConfig>(kubernetesMetadata, {
      kubernetes: { mode: 'url', url, insecureSkipTlsVerify: true },
      stateDir,
      annotations: ['prometheus.io/*'],
      metrics: { podLabels: { 'app.kubernetes.io/name': 'app' }, workloadLabel: 'workload' },
    });
    return await kubernetesMetadata.create(config, ctx);
  };
  /** The processor's own cache: equal options share one. */
  const deletedAt = async (uid: string) => {
    const lease = await acquirePodCache(podCacheOptions(config), logger);
    try {
      return lease.cache.getByUid(uid)?.deletedAt;
    } finally {
      await lease.release();
    }
  };
  const enrichLog = async (uid: string) => ((await processor.process([log(uid)])) as LogRecord[])[0]!;
  const workloadOf = async (uid: string) => (await enrichLog(uid)).kubernetes?.workload;
  const lookups = async (result: string) =>
    (await kubernetesMetadataLookups.get()).values.find(
      (v) => v.labels.processor === name && v.labels.result === result,
    )?.value ?? 0;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'k8s-meta-'));
    api = new RecordedKubernetesApi()
      .list(PODS, 'pods-list.json', 'pods-list-relist.json')
      .list(REPLICASETS, 'replicasets-list.json')
      .object(NIGHTLY_JOB, 'job-nightly-29000000.json');
    processor = await open(await api.start());
  });

  afterAll(async () => {
    await processor.close?.();
    await api.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('enriches logs and metrics from the pod list', async () => {
    expect(await enrichLog(UID.web)).toEqual({
      ...log(UID.web),
      kubernetes: {
        namespace: 'shop',
        pod: { uid: UID.web, name: 'web-7d9f8b6c5-x2k4p' },
        node: { name: 'worker-1' },
        labels: { 'app.kubernetes.io/name': 'web', 'pod-template-hash': '7d9f8b6c5', team: 'checkout' },
        annotations: { 'prometheus.io/scrape': 'true' },
        workload: { kind: 'Deployment', name: 'web' },
      },
    });
    expect(await workloadOf(UID.db)).toEqual({ kind: 'StatefulSet', name: 'db' });
    expect(await workloadOf(UID.agent)).toEqual({ kind: 'DaemonSet', name: 'node-agent' });
    // The Job's CronJob comes from one GET of the Job, answered after the pod was listed.
    await waitFor(async () => ((await workloadOf(UID.nightly))?.kind === 'CronJob' ? true : undefined));
    expect(await workloadOf(UID.nightly)).toEqual({ kind: 'CronJob', name: 'nightly' });

    const [byName, byUid, other] = (await processor.process([
      sample({ namespace: 'shop', pod: 'db-0' }),
      sample({ pod_uid: UID.web, app: 'kept' }),
      sample({ job: 'node' }),
    ])) as MetricSample[];
    expect(byName!.labels).toEqual({ namespace: 'shop', pod: 'db-0', app: 'db', workload: 'db' });
    expect(byUid!.labels).toEqual({ pod_uid: UID.web, app: 'kept', workload: 'web' });
    expect(other!.labels).toEqual({ job: 'node' });

    const unknown = log(UID.unknown);
    expect((await processor.process([unknown]))[0]).toEqual(unknown);
    expect(await lookups('pod_unknown')).toBe(1);
    expect(await lookups('no_pod_ref')).toBe(1);
    // The watch resumes from the list's resourceVersion.
    expect(api.requests.find((r) => r.path === PODS && r.query.watch === 'true')?.query.resourceVersion).toBe('1000');
  });

  it('enriches a pod ADDED by the watch, and a DELETED pod afterwards', async () => {
    await waitFor(() => Promise.resolve(api.watchesOpen(PODS) === 1 ? true : undefined), { what: 'the pod watch' });
    expect((await enrichLog(UID.webAdded)).kubernetes?.workload).toBeUndefined();
    api.push(PODS, 'pods-watch-1.ndjson');
    const added = await waitFor(async () => {
      const record = await enrichLog(UID.webAdded);
      return record.kubernetes?.workload ? record : undefined;
    });
    expect(added.kubernetes).toMatchObject({
      pod: { name: 'web-7d9f8b6c5-b9n7r' },
      node: { name: 'worker-2' },
      workload: { kind: 'Deployment', name: 'web' },
    });
    // Same stream, after the ADDED: the old web pod is DELETED, and its late lines are still enriched.
    await waitFor(() => deletedAt(UID.web), { what: 'the deletion' });
    expect((await enrichLog(UID.web)).kubernetes?.workload).toEqual({ kind: 'Deployment', name: 'web' });
  });

  it('resolves a ReplicaSet that arrives after its pod, and keeps the workload of pods whose ReplicaSet is gone', async () => {
    await waitFor(() => Promise.resolve(api.watchesOpen(REPLICASETS) === 1 ? true : undefined));
    api.push(PODS, 'pods-watch-api-added.ndjson');
    await waitFor(async () => ((await workloadOf(UID.api)) ? true : undefined));
    expect(await workloadOf(UID.api)).toEqual({ kind: 'ReplicaSet', name: 'api-6c7d8e9f0' });
    // The web ReplicaSet is DELETED, then the api one ADDED.
    api.push(REPLICASETS, 'replicasets-watch.ndjson');
    await waitFor(async () => ((await workloadOf(UID.api))?.kind === 'Deployment' ? true : undefined));
    expect(await workloadOf(UID.api)).toEqual({ kind: 'Deployment', name: 'api' });
    // A terminating web pod is MODIFIED after its ReplicaSet went; the debug pod ADDED after it marks the stream read.
    api.push(PODS, 'pods-watch-terminating.ndjson');
    await waitFor(async () => ((await enrichLog(UID.debug)).kubernetes?.pod?.name ? true : undefined));
    expect(await workloadOf(UID.debug)).toBeUndefined();
    expect(await workloadOf(UID.webAdded)).toEqual({ kind: 'Deployment', name: 'web' });
  });

  it('lists again after 410 Gone, and resumes watching from the new list', async () => {
    const podLists = () => api.requests.filter((r) => r.path === PODS && r.query.watch === undefined).length;
    expect(podLists()).toBe(1);
    expect(api.push(PODS, 'pods-watch-expired.ndjson')).toBe(1);
    // The worker pod exists only in the second list.
    await waitFor(async () => ((await workloadOf(UID.worker)) ? true : undefined), { what: 'the re-list' });
    expect(await workloadOf(UID.worker)).toEqual({ kind: 'Deployment', name: 'worker' });
    expect(podLists()).toBe(2);
    await waitFor(() => Promise.resolve(api.watchesOpen(PODS) === 1 ? true : undefined));
    const watches = api.requests.filter((r) => r.path === PODS && r.query.watch === 'true');
    expect(watches.at(-1)?.query.resourceVersion).toBe('2000');
    // Not in the new list: deleted meanwhile, still known.
    expect(await deletedAt(UID.nightly)).toBeDefined();
    expect(await workloadOf(UID.nightly)).toEqual({ kind: 'CronJob', name: 'nightly' });
  });

  it('still enriches deleted pods after a restart, from the disk cache', async () => {
    await processor.close?.();
    expect(existsSync(join(stateDir, POD_CACHE_FILE))).toBe(true);
    await api.close();
    // The API after the restart no longer knows the deleted pods.
    api = new RecordedKubernetesApi().list(PODS, 'pods-list-relist.json').list(REPLICASETS, 'replicasets-list.json');
    processor = await open(await api.start());
    expect(await workloadOf(UID.worker)).toEqual({ kind: 'Deployment', name: 'worker' });
    expect(await enrichLog(UID.web)).toMatchObject({
      kubernetes: { pod: { name: 'web-7d9f8b6c5-x2k4p' }, workload: { kind: 'Deployment', name: 'web' } },
    });
    expect(await workloadOf(UID.nightly)).toEqual({ kind: 'CronJob', name: 'nightly' });
    expect(api.requests.some((r) => r.path === NIGHTLY_JOB)).toBe(false);
    expect((await processor.process([log(UID.unknown)]))[0]).toEqual(log(UID.unknown));
    expect(warnings).toEqual([]);
  });
});
