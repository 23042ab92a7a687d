import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A private CA and a server certificate it signed, as PEM files in a temporary directory. */
export interface TestCertificates {
  dir: string;
  /** The CA certificate: what clients trust. */
  caFile: string;
  /** The server certificate, valid for 127.0.0.1 and localhost (server and client auth). */
  certFile: string;
  /** Its key, unencrypted PKCS#8 (Kafka's PEM keystore needs PKCS#8). */
  keyFile: string;
  /** Key and certificate in one file, followed by the CA: a Kafka PEM keystore. */
  keystoreFile: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  /** Removes the directory. */
  cleanup(): void;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function openssl(args: readonly string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd, timeout: 30_000 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${(err as Error).message}\n${stderr}`, { cause: err });
  }
}

/**
 * Generates, with the openssl CLI, a CA valid for two days and a server certificate with SAN IP:127.0.0.1 and
 * DNS:localhost. EC P-256 keys: generating them costs next to nothing on a loaded machine.
 */
export async function createTestCertificates(subject = 'daytwo-test'): Promise<TestCertificates> {
  const dir = mkdtempSync(join(tmpdir(), 'daytwo-tls-'));
  const path = (name: string) => join(dir, name);
  try {
    await openssl(
      [
        'req',
        '-x509',
        ...EC_KEY,
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '2',
        '-subj',
        `/CN=${subject} CA`,
      ].concat(['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
      dir,
    );
    await openssl(
      ['req', '-new', ...EC_KEY, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'],
      dir,
    );
    writeFileSync(
      path('server.ext'),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth,clientAuth',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ].join('\n'),
    );
    const serial = `0x${randomBytes(8).toString('hex')}`;
    await openssl(
      ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', serial].concat([
        '-days',
        '2',
        '-extfile',
        'server.ext',
        '-out',
        'server.pem',
      ]),
      dir,
    );
    const ca = readFileSync(path('ca.pem'));
    const cert = readFileSync(path('server.pem'));
    const key = readFileSync(path('server.key'));
    writeFileSync(path('keystore.pem'), Buffer.concat([key, cert, ca]));
    return {
      dir,
      caFile: path('ca.pem'),
      certFile: path('server.pem'),
      keyFile: path('server.key'),
      keystoreFile: path('keystore.pem'),
      ca,
      cert,
      key,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
