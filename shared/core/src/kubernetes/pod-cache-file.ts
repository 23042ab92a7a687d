import { open, readFile, rename, rm } from 'node:fs/promises';
import { z } from 'zod';
import type { StoredPod } from './pod-store';

const WorkloadRef = z.object({ kind: z.string(), name: z.string() });
const StoredPodSchema = z.object({
  pod: z.object({
    uid: z.string().min(1),
    namespace: z.string().min(1),
    name: z.string().min(1),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    nodeName: z.string().optional(),
    owner: WorkloadRef.optional(),
    workload: WorkloadRef.optional(),
    containers: z.array(z.object({ name: z.string(), image: z.string().optional() })),
  }),
  deletedAt: z.number().optional(),
});
const PodCacheFileSchema = z.object({ version: z.literal(1), savedAt: z.number(), pods: z.array(z.unknown()) });

/** The pod cache file could not be read as one: the cache starts empty instead. */
export class PodCacheFileError extends Error {
  override name = 'PodCacheFileError';
}

export interface LoadedPodCache {
  pods: StoredPod[];
  /** Entries that did not validate and were skipped. */
  skipped: number;
}

/** Reads a file written by `savePodCacheFile`; a missing file is an empty cache, a corrupt one a PodCacheFileError. */
export async function loadPodCacheFile(path: string): Promise<LoadedPodCache> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { pods: [], skipped: 0 };
    throw new PodCacheFileError(`cannot read pod cache ${path}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PodCacheFileError(`pod cache ${path} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const file = PodCacheFileSchema.safeParse(parsed);
  if (!file.success) throw new PodCacheFileError(`pod cache ${path} has an unknown format`);
  const pods: StoredPod[] = [];
  let skipped = 0;
  for (const entry of file.data.pods) {
    const result = StoredPodSchema.safeParse(entry);
    if (result.success) pods.push(result.data);
    else skipped++;
  }
  return { pods, skipped };
}

/**
 * Writes the pods to `path` atomically: a temporary file in the same directory, flushed to disk, then renamed over the
 * old one, so a crash leaves either the old or the new file, never half of one.
 */
export async function savePodCacheFile(path: string, pods: readonly StoredPod[], now: number): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(JSON.stringify({ version: 1, savedAt: now, pods }));
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tmp, path);
}
