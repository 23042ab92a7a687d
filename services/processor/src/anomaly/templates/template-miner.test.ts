import { TemplateMinerConfigError } from './config';
import { TemplateSnapshotError } from './snapshot';
import { TemplateMiner } from './template-miner';

function mineAll(miner: TemplateMiner, messages: readonly string[], source?: string): string[] {
  return messages.map((m) => miner.mine(m, source).templateId);
}

describe('TemplateMiner', () => {
  it('groups messages that differ only in values and keeps distinct events apart', () => {
    const miner = new TemplateMiner();
    const ids = mineAll(miner, [
      'PacketResponder 1 for block blk_38865049064139660 terminating',
      'Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6',
      'PacketResponder 0 for block blk_-6952295868487656571 terminating',
      'Received block blk_7503483334202473044 of size 233217 from /10.250.19.102',
      'Block broadcast_0 stored as values in memory (estimated size 384.0 B, free 317.5 KB)',
      'Block broadcast_9_piece0 stored as bytes in memory (estimated size 5.2 KB, free 5.2 KB)',
      'Block broadcast_1 stored as values in memory (estimated size 8.8 KB, free 14.0 KB)',
    ]);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[1]).toBe(ids[3]);
    expect(ids[4]).toBe(ids[6]);
    expect(new Set(ids).size).toBe(4);
    expect(miner.mine('PacketResponder 2 for block blk_1 terminating').template).toBe(
      'PacketResponder <*> for block <*> terminating',
    );
  });

  it('gives the same ids in a fresh miner (another replica, or after a restart without state)', () => {
    const messages = ['session opened for user root by (uid=0)', 'Connection closed by 10.0.0.1 [preauth]'];
    expect(mineAll(new TemplateMiner(), messages, 'ssh')).toEqual(mineAll(new TemplateMiner(), messages, 'ssh'));
  });

  it('keeps a template id while the template generalizes', () => {
    const miner = new TemplateMiner({ similarityThreshold: 0.6 });
    const first = miner.mine('Changing view acls to: yarn,curi');
    const second = miner.mine('Changing view acls to: hdfs');
    expect(second.templateId).toBe(first.templateId);
    expect(second.template).toBe('Changing view acls to: <*>');
  });

  it('merges a word into a variable once it takes enough values, and resolves the merged ids', () => {
    const miner = new TemplateMiner({ mergeAfterValues: 3 });
    const [a, b] = mineAll(miner, ['removing chargen service', 'removing daytime service']);
    expect(a).not.toBe(b);
    const merged = miner.mine('removing echo service');
    expect(merged.template).toBe('removing <*> service');
    expect(new Set([miner.resolve(a as string), miner.resolve(b as string), merged.templateId]).size).toBe(1);
    expect(miner.mine('removing rsync service').templateId).toBe(merged.templateId);
    expect(miner.stats().merged).toBe(1);
  });

  it('keeps a few alternative words apart as distinct events', () => {
    const ids = mineAll(new TemplateMiner(), ['VM Started (Lifecycle Event)', 'VM Stopped (Lifecycle Event)']);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('merges one value written two ways at once', () => {
    const miner = new TemplateMiner();
    const ids = mineAll(miner, ['synchronized to 10.100.20.250, stratum 3', 'synchronized to LOCAL(0), stratum 10']);
    expect(miner.resolve(ids[0] as string)).toBe(miner.resolve(ids[1] as string));
  });

  it('mines each source separately with its own overrides', () => {
    const miner = new TemplateMiner({ overrides: { app: { masks: [{ pattern: 'tenant-[a-z]+' }] } } });
    expect(miner.mine('login for tenant-acme', 'app').template).toBe('login for <*>');
    expect(miner.mine('login for tenant-acme', 'other').template).toBe('login for tenant-acme');
    expect(miner.mine('x 1', 'app').templateId).not.toBe(miner.mine('x 1', 'other').templateId);
  });

  it('evicts the least recently used template beyond maxClusters and counts it', () => {
    const miner = new TemplateMiner({ maxClusters: 2 });
    const a = miner.mine('alpha happened').templateId;
    miner.mine('beta happened');
    miner.mine('alpha happened');
    miner.mine('gamma happened');
    expect(miner.stats()).toMatchObject({ clusters: 2, evicted: 1 });
    const templates = miner.snapshot().clusters.map((c) => c.template.join(' '));
    expect(templates).toEqual(['alpha happened', 'gamma happened']);
    expect(miner.mine('alpha happened').templateId).toBe(a);
  });

  it('forgets a source once its last template is evicted', () => {
    const miner = new TemplateMiner({ maxClusters: 1 });
    miner.mine('started', 'pod-a');
    miner.mine('started', 'pod-b');
    expect(miner.stats()).toMatchObject({ clusters: 1, sources: 1, evicted: 1 });
  });

  it('restores a JSON snapshot into a miner that continues with the same ids', () => {
    const miner = new TemplateMiner({ mergeAfterValues: 3 });
    const ids = mineAll(miner, ['removing a now', 'removing b now', 'removing c now', 'Connection from 10.0.0.1']);
    const restored = new TemplateMiner({ mergeAfterValues: 3 });
    restored.restore(JSON.parse(JSON.stringify(miner.snapshot())));
    expect(restored.snapshot()).toEqual(miner.snapshot());
    expect(restored.mine('removing d now').templateId).toBe(ids[2]);
    expect(restored.resolve(ids[0] as string)).toBe(ids[2]);
    expect(restored.mine('Connection from 10.9.9.9').templateId).toBe(ids[3]);
  });

  it.each([
    ['not an object', 'nope'],
    ['wrong version', { version: 2, clusters: [], aliases: [] }],
    [
      'path not matching the template',
      { version: 1, aliases: [], clusters: [{ source: 's', id: 'i', template: ['a'], path: ['2'], count: 1 }] },
    ],
    [
      'duplicate ids',
      {
        version: 1,
        aliases: [],
        clusters: [
          { source: 's', id: 'i', template: ['a'], path: ['1', 'a'], count: 1 },
          { source: 's', id: 'i', template: ['b'], path: ['1', 'b'], count: 1 },
        ],
      },
    ],
  ])('rejects a bad snapshot (%s) and keeps its state', (_name, snapshot) => {
    const miner = new TemplateMiner();
    const id = miner.mine('kept message').templateId;
    expect(() => miner.restore(snapshot)).toThrow(TemplateSnapshotError);
    expect(miner.mine('kept message').templateId).toBe(id);
  });

  it.each([
    [{ similarityThreshold: 0 }, 'similarityThreshold'],
    [{ depth: 1.5 }, 'depth'],
    [{ mergeAfterValues: 1 }, 'mergeAfterValues'],
    [{ maxClusters: 0 }, 'maxClusters'],
    [{ overrides: { app: { masks: [{ pattern: '(' }] } } }, 'overrides.app.masks.0.pattern'],
    [{ overrides: { app: { depht: 3 } } }, 'overrides.app.depht'],
    [{ maxCluster: 5 }, 'maxCluster'],
  ])('fails fast on a bad config, naming the key (%j)', (config, key) => {
    expect(() => new TemplateMiner(config)).toThrow(TemplateMinerConfigError);
    expect(() => new TemplateMiner(config)).toThrow(`${key}:`);
  });
});
