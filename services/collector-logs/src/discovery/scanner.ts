import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PodLogPath } from '../parse/pod-path';
import { classifyLogFileName, podLogMetadata, splitPodDirName } from './layout';
import type { NameFilter } from './name-filter';

/** A container log file found under the root: the live `<restart>.log` or one of its uncompressed rotations. */
export interface FoundLogFile {
  path: string;
  /** The live file this one is or was: `<root>/<podDir>/<container>/<restart>.log`. */
  livePath: string;
  rotated: boolean;
  meta: PodLogPath;
  dev: bigint;
  ino: bigint;
  size: number;
}

export interface ScanResult {
  files: FoundLogFile[];
  /** Pod and container directories that passed the filters (watched for changes). */
  directories: string[];
}

/** Entries of a directory; a directory that vanished or cannot be read has none (the next scan tries again). */
async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function scanContainerDir(dir: string, podDir: string, container: string, out: ScanResult): Promise<void> {
  for (const name of await entries(dir)) {
    const kind = classifyLogFileName(name);
    if (kind === null) continue;
    const liveName = kind.kind === 'live' ? name : kind.liveName;
    const meta = podLogMetadata(podDir, container, liveName);
    if (meta === null) continue;
    const path = join(dir, name);
    try {
      const st = await stat(path, { bigint: true });
      if (!st.isFile()) continue;
      out.files.push({
        path,
        livePath: join(dir, liveName),
        rotated: kind.kind === 'rotated',
        meta,
        dev: st.dev,
        ino: st.ino,
        size: Number(st.size),
      });
    } catch {
      // Removed between readdir and stat: it is gone, nothing to read.
    }
  }
}

/** Lists `<root>/<namespace>_<pod>_<uid>/<container>/<restart>.log[.<rotation>]`, pods and containers filtered. */
export async function scanPodLogs(root: string, filter: NameFilter): Promise<ScanResult> {
  const out: ScanResult = { files: [], directories: [] };
  for (const podDir of await entries(root)) {
    const pod = splitPodDirName(podDir);
    if (pod === null || !filter.acceptsPod(pod.namespace, pod.pod)) continue;
    const podPath = join(root, podDir);
    out.directories.push(podPath);
    for (const container of await entries(podPath)) {
      if (!filter.acceptsContainer(container)) continue;
      const containerPath = join(podPath, container);
      out.directories.push(containerPath);
      await scanContainerDir(containerPath, podDir, container, out);
    }
  }
  return out;
}
