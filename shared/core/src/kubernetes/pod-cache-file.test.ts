import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPodCacheFile, PodCacheFileError, savePodCacheFile } from './pod-cache-file';

describe('pod cache file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pod-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const pod = { uid: 'u', namespace: 'shop', name: 'web', labels: { a: 'b' }, annotations: {}, containers: [] };

  it('reads back what it wrote; a missing file is empty', async () => {
    const file = join(dir, 'pods.json');
    expect(await loadPodCacheFile(file)).toEqual({ pods: [], skipped: 0 });
    await savePodCacheFile(file, [{ pod }, { pod: { ...pod, uid: 'v' }, deletedAt: 5 }], 10);
    expect(await loadPodCacheFile(file)).toEqual({
      pods: [{ pod }, { pod: { ...pod, uid: 'v' }, deletedAt: 5 }],
      skipped: 0,
    });
  });

  it('skips invalid entries and rejects a file that is not one', async () => {
    const file = join(dir, 'pods.json');
    writeFileSync(file, JSON.stringify({ version: 1, savedAt: 1, pods: [{ pod }, { pod: { uid: 3 } }] }));
    expect(await loadPodCacheFile(file)).toEqual({ pods: [{ pod }], skipped: 1 });
    writeFileSync(file, '{"version":1,');
    await expect(loadPodCacheFile(file)).rejects.toThrow(PodCacheFileError);
    writeFileSync(file, '{"version":2,"savedAt":1,"pods":[]}');
    await expect(loadPodCacheFile(file)).rejects.toThrow(/unknown format/);
  });
});
