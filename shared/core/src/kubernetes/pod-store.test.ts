import type { PodMetadata } from './pod-metadata';
import { PodStore } from './pod-store';

const pod = (uid: string, name = uid, namespace = 'shop', extra: Partial<PodMetadata> = {}): PodMetadata => ({
  uid,
  namespace,
  name,
  labels: {},
  annotations: {},
  containers: [],
  ...extra,
});
const store = (deletedTtlMs = 1000, maxDeletedPods = 10) => new PodStore({ deletedTtlMs, maxDeletedPods });
const uidOf = (s: PodStore, uid: string) => s.getByUid(uid)?.pod.uid;

describe('PodStore', () => {
  it('keeps a deleted pod findable until its TTL ends', () => {
    const s = store(1000);
    s.upsert(pod('a'));
    s.markDeleted('a', 5000);
    s.prune(5999);
    expect(s.getByUid('a')).toEqual({ pod: pod('a'), deletedAt: 5000 });
    expect(s.getByName('shop', 'a')?.pod.uid).toBe('a');
    s.prune(6000);
    expect(s.getByUid('a')).toBeUndefined();
    expect(s.getByName('shop', 'a')).toBeUndefined();
  });

  it('changes nothing for an update that leaves the stored fields as they were', () => {
    const s = store();
    s.upsert(pod('a', 'a', 'shop', { labels: { app: 'web' } }));
    const version = s.version;
    s.upsert(pod('a', 'a', 'shop', { labels: { app: 'web' } }));
    expect(s.version).toBe(version);
    s.upsert(pod('a', 'a', 'shop', { labels: { app: 'api' } }));
    expect(s.version).toBe(version + 1);
    s.markDeleted('a', 1);
    s.upsert(pod('a', 'a', 'shop', { labels: { app: 'api' } }));
    expect(s.getByUid('a')?.deletedAt).toBeUndefined();
  });

  it('bounds the deleted pods, forgetting the oldest deletion first', () => {
    const s = store(1_000_000, 2);
    for (const uid of ['a', 'b', 'c']) s.upsert(pod(uid));
    s.markDeleted('b', 1);
    s.markDeleted('a', 2);
    s.markDeleted('c', 3);
    expect([uidOf(s, 'a'), uidOf(s, 'b'), uidOf(s, 'c')]).toEqual(['a', undefined, 'c']);
    expect(s.size).toEqual({ live: 0, deleted: 2 });
  });

  it('finds the newest pod of a name, and keeps the old one by uid', () => {
    const s = store();
    s.upsert(pod('old', 'db-0'));
    s.markDeleted('old', 1);
    s.upsert(pod('new', 'db-0'));
    expect(s.getByName('shop', 'db-0')?.pod.uid).toBe('new');
    expect(s.getByUid('old')?.deletedAt).toBe(1);
    s.prune(10_000);
    expect(s.getByName('shop', 'db-0')?.pod.uid).toBe('new');
  });

  it('marks pods missing from a list deleted, only in the listed namespace', () => {
    const s = store();
    s.upsert(pod('a', 'a', 'shop'));
    s.upsert(pod('b', 'b', 'shop'));
    s.upsert(pod('c', 'c', 'ops'));
    s.replaceScope('shop', [pod('b', 'b', 'shop'), pod('d', 'd', 'shop')], 7);
    expect(s.getByUid('a')?.deletedAt).toBe(7);
    expect([s.getByUid('b')?.deletedAt, s.getByUid('c')?.deletedAt, s.getByUid('d')?.deletedAt]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    s.replaceScope(undefined, [pod('d', 'd', 'shop')], 8);
    expect([s.getByUid('b')?.deletedAt, s.getByUid('c')?.deletedAt]).toEqual([8, 8]);
  });

  it('restores saved pods: drops expired deletions, prefers a live pod of the same name', () => {
    const s = store(1000);
    s.restore(
      [
        { pod: pod('gone', 'x'), deletedAt: 100 },
        { pod: pod('recent', 'db-0'), deletedAt: 1500 },
        { pod: pod('live', 'db-0') },
      ],
      2000,
    );
    expect(s.getByUid('gone')).toBeUndefined();
    expect(s.getByUid('recent')?.deletedAt).toBe(1500);
    expect(s.getByName('shop', 'db-0')?.pod.uid).toBe('live');
    expect(s.entries().map((e) => e.pod.uid)).toEqual(['live', 'recent']);
  });

  it('re-resolves the workload of the pods of one owner', () => {
    const s = store();
    const owner = { kind: 'ReplicaSet', name: 'web-1' };
    s.upsert(pod('a', 'web-1-a', 'shop', { owner, workload: owner }));
    s.upsert(pod('b', 'web-1-b', 'ops', { owner, workload: owner }));
    const before = s.version;
    s.updateWorkloads('shop', owner, () => ({ kind: 'Deployment', name: 'web' }));
    expect(s.getByUid('a')?.pod.workload).toEqual({ kind: 'Deployment', name: 'web' });
    expect(s.getByUid('b')?.pod.workload).toEqual(owner);
    expect(s.version).toBeGreaterThan(before);
  });
});
