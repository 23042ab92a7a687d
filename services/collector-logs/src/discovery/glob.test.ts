import { compileGlob, GlobSyntaxError } from './glob';
import { NameFilter, NO_GLOBS } from './name-filter';

describe('compileGlob', () => {
  it.each<[string, string, boolean]>([
    ['kube-*', 'kube-system', true],
    ['kube-*', 'kube-', true],
    ['kube-*', 'my-kube-system', false],
    ['*', '', true],
    ['web-?', 'web-1', true],
    ['web-?', 'web-12', false],
    ['web-[0-9]', 'web-7', true],
    ['web-[0-9]', 'web-a', false],
    ['web-[!0-9]', 'web-a', true],
    ['web-[!0-9]', 'web-7', false],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['[]]x', ']x', true],
    ['*-canary-*', 'shop-canary-7d9f', true],
    ['(x)+', '(x)+', true],
  ])('%s against %s → %s', (pattern, name, expected) => {
    expect(compileGlob(pattern).test(name)).toBe(expected);
  });

  it.each(['web-[0-9', 'trailing\\'])('rejects %s', (pattern) => {
    expect(() => compileGlob(pattern)).toThrow(GlobSyntaxError);
  });
});

describe('NameFilter', () => {
  const filter = new NameFilter(
    { namespaces: ['shop', 'pay*'], pods: [], containers: [] },
    { namespaces: ['payments-test'], pods: ['*-debug'], containers: ['istio-*'] },
  );

  it.each<[string, string, boolean]>([
    ['shop', 'web-1', true],
    ['payments', 'api-1', true],
    ['payments-test', 'api-1', false],
    ['shop', 'web-debug', false],
    ['kube-system', 'dns-1', false],
  ])('pod %s/%s → %s', (namespace, pod, expected) => {
    expect(filter.acceptsPod(namespace, pod)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['web', true],
    ['istio-proxy', false],
  ])('container %s → %s', (container, expected) => {
    expect(filter.acceptsContainer(container)).toBe(expected);
  });

  it('accepts everything without globs', () => {
    const all = new NameFilter(NO_GLOBS, NO_GLOBS);
    expect([all.acceptsPod('any', 'thing'), all.acceptsContainer('c')]).toEqual([true, true]);
  });
});
