import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { RedisTlsConfig } from './state-config';

/** A PEM file named by the `state.redis.tls` section cannot be read; the message names the key. */
export class RedisTlsFileError extends Error {
  override name = 'RedisTlsFileError';
}

function readPem(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new RedisTlsFileError(`${key}: cannot read ${path} (${code})`);
  }
}

/** Node TLS options for ioredis from the configured PEM files. */
export function redisTlsOptions(tls: RedisTlsConfig, keyPrefix = 'state.redis.tls'): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized };
  if (tls.caFile) options.ca = [readPem(tls.caFile, `${keyPrefix}.caFile`)];
  if (tls.certFile) options.cert = readPem(tls.certFile, `${keyPrefix}.certFile`);
  if (tls.keyFile) options.key = readPem(tls.keyFile, `${keyPrefix}.keyFile`);
  if (tls.servername) options.servername = tls.servername;
  return options;
}
