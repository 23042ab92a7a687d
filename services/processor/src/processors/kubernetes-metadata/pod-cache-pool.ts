import { PodWatchCache, type KubernetesLogger, type PodWatchCacheOptions } from '@daytwo/core';

export interface PodCacheLease {
  readonly cache: PodWatchCache;
  release(): Promise<void>;
}

interface Shared {
  cache: PodWatchCache;
  refs: number;
}

const shared = new Map<string, Shared>();

/**
 * One pod watch cache per distinct configuration in the process: the log and the metric pipeline (or two processor
 * instances) share its watches and its state file. The last release stops it and saves it.
 */
export async function acquirePodCache(
  options: Omit<PodWatchCacheOptions, 'logger' | 'clients'>,
  logger: KubernetesLogger,
): Promise<PodCacheLease> {
  const key = JSON.stringify(options);
  let entry = shared.get(key);
  if (entry === undefined) {
    entry = { cache: new PodWatchCache({ ...options, logger }), refs: 0 };
    shared.set(key, entry);
  }
  entry.refs++;
  const current = entry;
  let released = false;
  try {
    await current.cache.start();
  } catch (err) {
    await release();
    throw err;
  }
  async function release(): Promise<void> {
    if (released) return;
    released = true;
    if (--current.refs > 0) return;
    shared.delete(key);
    await current.cache.stop();
  }
  return { cache: current.cache, release };
}
