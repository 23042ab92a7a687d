import { Module } from 'node:module';
import { crc32c } from './crc32c';

/** The module of kafkajs 2.x that computes the CRC of every record batch it produces. */
export const KAFKAJS_CRC32C_MODULE = 'kafkajs/src/protocol/recordBatch/crc32C/crc32C.js';

export interface ModuleCacheAccess {
  cache: NodeJS.Dict<NodeJS.Module>;
  resolve: (request: string) => string;
}

/**
 * Makes kafkajs use `crc32c` (same results, about 3x faster) by placing it in the module cache under the path of
 * kafkajs' own CRC module. kafkajs loads its record batch encoder on the first produce, so this must run before
 * that; it changes nothing (and returns false) when the module was loaded already or kafkajs has no such module.
 */
export function useFastKafkajsCrc32c(
  access: ModuleCacheAccess = { cache: require.cache, resolve: (request) => require.resolve(request) },
): boolean {
  let path: string;
  try {
    path = access.resolve(KAFKAJS_CRC32C_MODULE);
  } catch {
    return false;
  }
  const cached = access.cache[path];
  if (cached !== undefined) return cached.exports === crc32c;
  const replacement = new Module(path);
  replacement.filename = path;
  replacement.loaded = true;
  replacement.exports = crc32c;
  access.cache[path] = replacement;
  return true;
}
