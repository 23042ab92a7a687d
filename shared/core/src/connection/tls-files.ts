import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';

/** PEM files for a TLS connection (a `tls` section); without a CA the system CAs verify the server. */
export const TlsFilesConfig = z
  .object({
    /** CA that signed the server's certificate. */
    caFile: z.string().min(1).optional(),
    /** Client certificate and key for mutual TLS. */
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    rejectUnauthorized: z.boolean().default(true),
    servername: z.string().min(1).optional(),
  })
  .strict()
  .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), {
    message: 'certFile and keyFile must be given together',
    path: ['keyFile'],
  });
export type TlsFilesConfig = z.output<typeof TlsFilesConfig>;

/** A PEM file named by a `tls` section cannot be read; the message names the key. */
export class TlsFileError extends Error {
  override name = 'TlsFileError';
}

function readPem(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new TlsFileError(`${key}: cannot read ${path} (${code})`);
  }
}

/** Node TLS options from the files of a `tls` section, read now (once, at start); `keyPrefix` names it in errors. */
export function tlsConnectionOptions(tls: TlsFilesConfig, keyPrefix: string): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized };
  if (tls.caFile) options.ca = [readPem(tls.caFile, `${keyPrefix}.caFile`)];
  if (tls.certFile) options.cert = readPem(tls.certFile, `${keyPrefix}.certFile`);
  if (tls.keyFile) options.key = readPem(tls.keyFile, `${keyPrefix}.keyFile`);
  if (tls.servername) options.servername = tls.servername;
  return options;
}
