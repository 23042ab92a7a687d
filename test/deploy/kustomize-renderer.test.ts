import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configMapHashSuffix } from './k8s/configmap-hash';
import { kustomizeBuild, KustomizeError } from './k8s/kustomize';
import { strategicMerge } from './k8s/strategic-merge';

// The offline kustomize of test/deploy/k8s on its own; k8s.test.ts compares its output with kubectl's on k8s/.
const container = (env: { name: string; value: string }[]) => ({
  spec: { template: { spec: { containers: [{ name: 'c', env }] } } },
});

describe('offline kustomize', () => {
  it.each([
    [
      'merges list items by key, the patch items first, as kustomize writes them',
      container([
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ]),
      container([
        { name: 'B', value: '3' },
        { name: 'C', value: '4' },
      ]),
      container([
        { name: 'B', value: '3' },
        { name: 'C', value: '4' },
        { name: 'A', value: '1' },
      ]),
    ],
    [
      'deletes a key set to null',
      { spec: { replicas: 2, paused: true } },
      { spec: { replicas: null } },
      { spec: { paused: true } },
    ],
    [
      'replaces lists without a merge key',
      { spec: { tolerations: [{ key: 'a' }] } },
      { spec: { tolerations: [] } },
      { spec: { tolerations: [] } },
    ],
    [
      'removes an item marked $patch: delete',
      { spec: { volumes: [{ name: 'a' }, { name: 'b' }] } },
      { spec: { volumes: [{ name: 'a', $patch: 'delete' }] } },
      { spec: { volumes: [{ name: 'b' }] } },
    ],
  ])('strategic merge %s', (_what, target, patch, expected) => {
    expect(strategicMerge(target, patch, 'Deployment')).toEqual(expected);
  });

  it.each([
    [{ 'f.txt': 'x' }, 'm7bttcfh98'], // suffixes kustomize v5.5 (kubectl 1.32) gave these files
    [{ 'a.yaml': 'url: <a> & b\n' }, 'b697b7b5th'], // Go's JSON escapes < > & before hashing
  ])('hashes ConfigMap data %j like kustomize (%s)', (data, suffix) => {
    expect(configMapHashSuffix(data)).toBe(suffix);
    expect(suffix).toMatch(/^[b-df-hj-np-tv-z2-9g]{10}$/);
  });

  describe('on a kustomization it cannot render faithfully', () => {
    const dir = mkdtempSync(join(tmpdir(), 'daytwo-kustomize-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (sub: string, kustomization: string) => {
      mkdirSync(join(dir, sub), { recursive: true });
      writeFileSync(join(dir, sub, 'kustomization.yaml'), kustomization);
      return join(dir, sub);
    };
    writeFileSync(join(dir, 'outside.yaml'), 'a: b\n');

    it.each([
      ['a field it does not implement', 'namePrefix: x-\n', 'unsupported fields namePrefix'],
      [
        'a file outside its directory (kustomize refuses it too)',
        'configMapGenerator:\n  - name: c\n    files: [../outside.yaml]\n',
        'is outside',
      ],
      ['a patch that matches nothing', 'patches:\n  - path: p.yaml\n', 'matches no resource'],
    ])('refuses %s', (_what, kustomization, message) => {
      const sub = write(message.replace(/\W/g, ''), kustomization);
      writeFileSync(join(sub, 'p.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: none\n');
      expect(() => kustomizeBuild(sub)).toThrow(KustomizeError);
      expect(() => kustomizeBuild(sub)).toThrow(message);
    });
  });
});
