import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import type { TestCertificates } from '../support/tls';
import { CollectedProcess, freePort, waitUntil } from './security-support';

/** A private redis-server that only speaks TLS (no plain port) and requires a password. */
export interface SecureRedisServer {
  port: number;
  /** `rediss://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
}

/** Starts redis-server with `--tls-port` (Debian builds it with TLS) and `--requirepass`; nothing is persisted. */
export async function startSecureRedis(certs: TestCertificates, password: string): Promise<SecureRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'daytwo-redis-secure-'));
  const args = ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--dir', dir]
    .concat(['--tls-cert-file', certs.certFile, '--tls-key-file', certs.keyFile, '--tls-ca-cert-file', certs.caFile])
    .concat(['--tls-auth-clients', 'no', '--requirepass', password, '--save', '', '--appendonly', 'no']);
  const server = CollectedProcess.spawn('redis-server', args, process.env);
  const probe = new IORedis(`rediss://127.0.0.1:${port}`, {
    password,
    tls: { ca: certs.ca },
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      `redis-server with TLS on ${port}`,
      async () => {
        try {
          if (probe.status !== 'ready') await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          probe.disconnect();
          return false;
        }
      },
      { timeoutMs: 20_000, intervalMs: 200, alive: () => server.running, details: () => server.output },
    );
  } catch (err) {
    await stop();
    throw err;
  } finally {
    probe.disconnect();
  }
  return { port, url: `rediss://127.0.0.1:${port}`, stop };
}
