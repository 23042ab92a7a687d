import { DrainTree, type Cluster } from './drain-tree';

function cluster(tree: DrainTree, template: string): Cluster {
  const tokens = template.split(' ');
  const c: Cluster = { id: template, source: 's', path: tree.pathFor(tokens), tokens, template, count: 1 };
  tree.insert(c);
  return c;
}

describe('DrainTree', () => {
  it('routes by token count and leading tokens, values to the <*> branch', () => {
    const tree = new DrainTree({ similarityThreshold: 1, depth: 2, maxChildren: 10 });
    const a = cluster(tree, 'open file <*>');
    expect(a.path).toEqual(['3', 'open', 'file']);
    expect(cluster(tree, '<*> ready now').path).toEqual(['3', '<*>', 'ready']);
    expect(tree.match('open file <*>'.split(' '))).toBe(a);
    expect(tree.match('open file x y'.split(' '))).toBeUndefined();
  });

  it('sends tokens beyond maxChildren to the <*> branch, still reachable by the slow path', () => {
    const tree = new DrainTree({ similarityThreshold: 1, depth: 1, maxChildren: 2 });
    cluster(tree, 'alpha x');
    const overflow = cluster(tree, 'beta x');
    expect(overflow.path).toEqual(['2', '<*>']);
    expect(tree.match(['beta', 'x'])).toBe(overflow);
    expect(tree.matchAnywhere(['beta', 'x'])).toBe(overflow);
  });

  it('removes a cluster and prunes the branches it leaves empty', () => {
    const tree = new DrainTree({ similarityThreshold: 1, depth: 2, maxChildren: 10 });
    const a = cluster(tree, 'a b c');
    const b = cluster(tree, 'a x c');
    tree.remove(a);
    expect(tree.match(['a', 'b', 'c'])).toBeUndefined();
    expect(tree.withLength(3)).toEqual([b]);
    tree.remove(b);
    expect(tree.withLength(3)).toEqual([]);
    expect(cluster(tree, 'q r s').path).toEqual(['3', 'q', 'r']);
  });
});
