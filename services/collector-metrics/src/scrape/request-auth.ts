import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ScrapeJob } from './scrape-job';
import { ScrapeError } from './scrape-error';

async function readSecret(path: string, key: string): Promise<string> {
  try {
    // Mounted secrets usually end with a newline that is not part of the secret.
    return (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  } catch (err) {
    throw new ScrapeError('auth_file', `cannot read ${key} ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** The `Authorization` header of a scrape, if the job authenticates; files are read at each scrape (rotation). */
export async function authorizationHeader(job: ScrapeJob): Promise<string | undefined> {
  if (job.basicAuth) {
    const { username, password, passwordFile } = job.basicAuth;
    const secret = password ?? (await readSecret(passwordFile!, 'basicAuth.passwordFile'));
    return `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
  }
  if (job.bearerToken !== undefined) return `Bearer ${job.bearerToken}`;
  if (job.bearerTokenFile !== undefined) return `Bearer ${await readSecret(job.bearerTokenFile, 'bearerTokenFile')}`;
  return undefined;
}

function readTlsFile(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ScrapeError('auth_file', `cannot read tls.${key} ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** A keep-alive agent for one target (one connection, reused between scrapes), with the job's TLS settings. */
export function scrapeAgent(protocol: string, job: ScrapeJob): HttpAgent {
  if (protocol !== 'https:') return new HttpAgent({ keepAlive: true, maxSockets: 1 });
  const tls = job.tls;
  return new HttpsAgent({
    keepAlive: true,
    maxSockets: 1,
    rejectUnauthorized: !(tls?.insecureSkipVerify ?? false),
    ...(tls?.caFile ? { ca: readTlsFile(tls.caFile, 'caFile') } : {}),
    ...(tls?.certFile ? { cert: readTlsFile(tls.certFile, 'certFile') } : {}),
    ...(tls?.keyFile ? { key: readTlsFile(tls.keyFile, 'keyFile') } : {}),
    ...(tls?.serverName ? { servername: tls.serverName } : {}),
  });
}
