import { podMetadataFromObject, type PodLike } from './pod-metadata';
import { WorkloadResolver } from './workload-resolver';

describe('podMetadataFromObject', () => {
  it.each<{ name: string; pod: PodLike; expected: unknown }>([
    {
      name: 'reads the fields enrichment uses, init containers first',
      pod: {
        metadata: {
          uid: 'u1',
          namespace: 'shop',
          name: 'web-1-a',
          labels: { app: 'web' },
          annotations: { team: 'core' },
          ownerReferences: [
            { kind: 'Node', name: 'n', controller: false },
            { kind: 'ReplicaSet', name: 'web-1', controller: true },
          ],
        },
        spec: { nodeName: 'node-a', initContainers: [{ name: 'init' }], containers: [{ name: 'app', image: 'web:1' }] },
      },
      expected: {
        uid: 'u1',
        namespace: 'shop',
        name: 'web-1-a',
        labels: { app: 'web' },
        annotations: { team: 'core' },
        nodeName: 'node-a',
        owner: { kind: 'ReplicaSet', name: 'web-1' },
        workload: { kind: 'ReplicaSet', name: 'web-1' },
        containers: [{ name: 'init' }, { name: 'app', image: 'web:1' }],
      },
    },
    {
      name: 'a bare pod: no owner, not scheduled yet',
      pod: { metadata: { uid: 'u2', namespace: 'ops', name: 'debug' }, spec: { nodeName: '' } },
      expected: { uid: 'u2', namespace: 'ops', name: 'debug', labels: {}, annotations: {}, containers: [] },
    },
    { name: 'no uid', pod: { metadata: { namespace: 'ops', name: 'x' } }, expected: undefined },
    { name: 'no metadata', pod: {}, expected: undefined },
  ])('$name', ({ pod, expected }) => {
    expect(podMetadataFromObject(pod)).toEqual(expected);
  });
});

describe('WorkloadResolver', () => {
  const setup = (fetchJobController: (ns: string, name: string) => Promise<{ kind: string; name: string } | null>) => {
    const changes: string[] = [];
    const errors: string[] = [];
    const resolver = new WorkloadResolver({
      fetchJobController,
      onChange: (ns, owner) => changes.push(`${ns}/${owner.kind}/${owner.name}`),
      onJobLookupError: (ns, name) => errors.push(`${ns}/${name}`),
    });
    return { resolver, changes, errors };
  };
  const rs = (name: string, owner?: string) => ({
    metadata: {
      namespace: 'shop',
      name,
      ...(owner ? { ownerReferences: [{ kind: 'Deployment', name: owner, controller: true }] } : {}),
    },
  });

  it('maps a ReplicaSet to its Deployment once the ReplicaSet is known', () => {
    const { resolver, changes } = setup(() => Promise.resolve(null));
    const owner = { kind: 'ReplicaSet', name: 'web-1' };
    expect(resolver.resolve('shop', owner)).toEqual(owner);
    resolver.setReplicaSet(rs('web-1', 'web'));
    resolver.setReplicaSet(rs('web-1', 'web'));
    resolver.setReplicaSet(rs('solo'));
    expect(resolver.resolve('shop', owner)).toEqual({ kind: 'Deployment', name: 'web' });
    expect(resolver.resolve('shop', { kind: 'ReplicaSet', name: 'solo' })).toEqual({
      kind: 'ReplicaSet',
      name: 'solo',
    });
    expect(resolver.resolve('ops', owner)).toEqual(owner);
    expect(changes).toEqual(['shop/ReplicaSet/web-1', 'shop/ReplicaSet/solo']);
    resolver.replaceReplicaSets('shop', [rs('solo')]);
    expect(resolver.resolve('shop', owner)).toEqual(owner);
  });

  it('maps a Job to its CronJob with one lookup, and keeps the Job when the lookup fails', async () => {
    const asked: string[] = [];
    const { resolver, changes, errors } = setup((_ns, name) => {
      asked.push(name);
      if (name === 'broken') return Promise.reject(new Error('forbidden'));
      return Promise.resolve(name === 'nightly-1' ? { kind: 'CronJob', name: 'nightly' } : null);
    });
    const job = (name: string) => ({ kind: 'Job', name });
    expect(resolver.resolve('ops', job('nightly-1'))).toEqual(job('nightly-1'));
    expect(resolver.resolve('ops', job('nightly-1'))).toEqual(job('nightly-1'));
    resolver.resolve('ops', job('broken'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolver.resolve('ops', job('nightly-1'))).toEqual({ kind: 'CronJob', name: 'nightly' });
    expect(resolver.resolve('ops', job('broken'))).toEqual(job('broken'));
    expect(resolver.resolve('ops', { kind: 'StatefulSet', name: 'db' })).toEqual({ kind: 'StatefulSet', name: 'db' });
    expect(asked).toEqual(['nightly-1', 'broken']);
    expect(changes).toEqual(['ops/Job/nightly-1']);
    expect(errors).toEqual(['ops/broken']);
  });
});
