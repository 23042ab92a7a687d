import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { TlsFilesConfig } from './config';

/** A file the configuration names cannot be read; the message names the key. */
export class AlerterSetupError extends Error {
  override name = 'AlerterSetupError';
}

function readPem(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new AlerterSetupError(`${key}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Node TLS options from the PEM files of a `tls` section; `keyPrefix` names the section in errors. */
export function tlsConnectionOptions(tls: TlsFilesConfig, keyPrefix: string): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized };
  if (tls.caFile) options.ca = [readPem(tls.caFile, `${keyPrefix}.caFile`)];
  if (tls.certFile) options.cert = readPem(tls.certFile, `${keyPrefix}.certFile`);
  if (tls.keyFile) options.key = readPem(tls.keyFile, `${keyPrefix}.keyFile`);
  if (tls.servername) options.servername = tls.servername;
  return options;
}
