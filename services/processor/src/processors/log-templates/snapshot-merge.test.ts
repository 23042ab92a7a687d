import type { TemplateSnapshot } from '../../anomaly/templates';
import { mergeSnapshots } from './snapshot-merge';

type Cluster = TemplateSnapshot['clusters'][number];

const cluster = (id: string, text: string, count = 1, source = 's'): Cluster => {
  const template = text.split(' ');
  return { source, id, template, path: [String(template.length), template[0]!], count };
};
const snap = (clusters: Cluster[], aliases: TemplateSnapshot['aliases'] = []): TemplateSnapshot => ({
  version: 1,
  clusters,
  aliases,
});
const summary = (s: TemplateSnapshot) => ({
  clusters: s.clusters.map((c) => `${c.id}:${c.template.join(' ')}:${c.count}`),
  aliases: s.aliases.map((a) => `${a.from}>${a.to}`),
});

describe('mergeSnapshots', () => {
  it.each<[string, TemplateSnapshot, TemplateSnapshot | undefined, object, boolean, boolean]>([
    [
      'nothing stored: the local snapshot, written if it holds anything',
      snap([cluster('a1', 'disk full')]),
      undefined,
      { clusters: ['a1:disk full:1'], aliases: [] },
      false,
      true,
    ],
    [
      'disjoint: the union, stored-only templates first',
      snap([cluster('a1', 'disk full')]),
      snap([cluster('b1', 'link down')]),
      { clusters: ['b1:link down:1', 'a1:disk full:1'], aliases: [] },
      true,
      true,
    ],
    [
      'the same id generalized differently: generalized at every differing position, the larger count',
      snap([cluster('a1', 'job <*> done in fast', 3)]),
      snap([cluster('a1', 'job x done in <*>', 5)]),
      { clusters: ['a1:job <*> done in <*>:5'], aliases: [] },
      true,
      true,
    ],
    [
      'identical: nothing to do on either side',
      snap([cluster('a1', 'disk full', 2)]),
      snap([cluster('a1', 'disk full', 2)]),
      { clusters: ['a1:disk full:2'], aliases: [] },
      false,
      false,
    ],
    [
      'a template the store aliased: dropped locally too',
      snap([cluster('a2', 'user bob in'), cluster('a1', 'user <*> in')]),
      snap([cluster('a1', 'user <*> in')], [{ source: 's', from: 'a2', to: 'a1' }]),
      { clusters: ['a1:user <*> in:1'], aliases: ['a2>a1'] },
      true,
      false,
    ],
    [
      'an alias to a larger id is ignored (aliases only point down, so they never loop)',
      snap([cluster('a1', 'disk full')], [{ source: 's', from: 'a0', to: 'a9' }]),
      snap([cluster('a1', 'disk full')]),
      { clusters: ['a1:disk full:1'], aliases: [] },
      false,
      false,
    ],
    [
      'each replica merged its own siblings: the same text folds into the smallest id',
      snap([cluster('c7', 'user <*> logged in', 7)], [{ source: 's', from: 'd1', to: 'c7' }]),
      snap([cluster('b3', 'user <*> logged in', 4)]),
      { clusters: ['b3:user <*> logged in:11'], aliases: ['d1>c7', 'c7>b3'] },
      true,
      true,
    ],
    [
      'the same text in two sources stays two templates',
      snap([cluster('a1', 'disk full', 1, 'x')]),
      snap([cluster('b1', 'disk full', 1, 'y')]),
      { clusters: ['b1:disk full:1', 'a1:disk full:1'], aliases: [] },
      true,
      true,
    ],
  ])('%s', (_name, local, stored, expected, localChanged, storedChanged) => {
    const merge = mergeSnapshots(local, stored);
    expect(summary(merge.snapshot)).toEqual(expected);
    expect([merge.localChanged, merge.storedChanged]).toEqual([localChanged, storedChanged]);
  });

  it('does not change its inputs', () => {
    const local = snap([cluster('c7', 'user <*> logged in', 7)]);
    const stored = snap([cluster('b3', 'user <*> logged in', 4)]);
    const before = JSON.stringify([local, stored]);
    mergeSnapshots(local, stored);
    expect(JSON.stringify([local, stored])).toBe(before);
  });
});
