import IORedis from 'ioredis';
import { RedisConfig } from '@daytwo/alerter';
import { RedisStateBackend, RedisStateConfig } from '@daytwo/processor';
import { redisOptions } from '../../services/alerter/src/state/redis-client';
import { createTestCertificates, type TestCertificates } from '../support/tls';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';
import { startSecureRedis, type SecureRedisServer } from './security-redis-server';

jest.setTimeout(60_000);

const PASSWORD = 'redis-pw-v5n9j2e6';

let certs: TestCertificates;
let redis: SecureRedisServer;
const clients: IORedis[] = [];
const backends: RedisStateBackend[] = [];

beforeAll(async () => {
  certs = await createTestCertificates('daytwo-redis');
  redis = await startSecureRedis(certs, PASSWORD);
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all(backends.map((b) => b.close()));
  await redis.stop();
  certs.cleanup();
});

/** A client with the alerter's options for `config` (as createRedisClient builds it), errors collected. */
function alerterClient(config: unknown) {
  const errors: Error[] = [];
  const parsed = RedisConfig.parse(config);
  const options = redisOptions(parsed, { connectionName: 'security-it', maxRetriesPerRequest: 1 });
  // A short close timer: the refused connections of these tests would otherwise keep jest waiting 2 s.
  const client = new IORedis(parsed.url, { ...options, disconnectTimeout: 100 });
  client.on('error', (err: Error) => errors.push(err));
  clients.push(client);
  const firstError = (pattern: RegExp) =>
    waitFor(() => Promise.resolve(errors.find((e) => pattern.test(e.message))), {
      timeoutMs: 20_000,
      what: `a Redis error matching ${String(pattern)}`,
    });
  return { client, errors, firstError };
}

function processorBackend(config: unknown): RedisStateBackend {
  const backend = new RedisStateBackend(RedisStateConfig.parse(config));
  backends.push(backend);
  return backend;
}

describe('Redis with TLS and a password (a private redis-server with --tls-port and --requirepass)', () => {
  it('the alerter connects with redis.password and redis.tls.caFile', async () => {
    const { client, errors } = alerterClient({ url: redis.url, password: PASSWORD, tls: { caFile: certs.caFile } });
    const key = uniqueName('security_it');
    expect(await client.set(key, 'v', 'EX', 60)).toBe('OK');
    expect(await client.get(key)).toBe('v');
    expect(errors).toEqual([]);
  });

  it('the processor state store connects with state.redis.password and state.redis.tls.caFile', async () => {
    const backend = processorBackend({
      url: redis.url,
      password: PASSWORD,
      tls: { caFile: certs.caFile },
      keyPrefix: `${uniqueName('security_it')}:`,
    });
    const store = backend.store('logs', 'log-templates');
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
  });

  it('a rediss:// URL without the CA is refused with the certificate problem', async () => {
    const { client, firstError } = alerterClient({ url: redis.url, password: PASSWORD });
    const err = await firstError(/certificate/);
    expect(err.message).toBe('self-signed certificate in certificate chain');
    expect(client.status).not.toBe('ready');
  });

  it('a wrong password fails clearly in the alerter client', async () => {
    const { client, firstError } = alerterClient({ url: redis.url, password: 'wrong', tls: { caFile: certs.caFile } });
    expect((await firstError(/WRONGPASS/)).message).toBe(
      'WRONGPASS invalid username-password pair or user is disabled.',
    );
    await expect(client.get('any')).rejects.toThrow(/NOAUTH|WRONGPASS/);
  });

  it('a wrong password fails clearly in the processor state store (retryable: the batch waits)', async () => {
    const backend = processorBackend({ url: redis.url, password: 'wrong', tls: { caFile: certs.caFile } });
    await expect(backend.store('logs', 'p').get('k')).rejects.toMatchObject({
      name: 'ProcessorRetryableError',
      message: expect.stringMatching(/^state store get failed: .*(WRONGPASS|NOAUTH)/) as string,
    });
  });
});
