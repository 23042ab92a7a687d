import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisTlsOptions, RedisTlsFileError } from './redis-tls';
import { RedisStateConfig } from './state-config';

describe('redisTlsOptions', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'processor-redis-tls-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    writeFileSync(join(dir, 'cert.pem'), 'CERT PEM');
    writeFileSync(join(dir, 'key.pem'), 'KEY PEM');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const parse = (tls: unknown) => RedisStateConfig.parse({ url: 'rediss://redis:6380', tls }).tls!;

  it.each([
    ['a CA', { caFile: 'ca.pem' }, { rejectUnauthorized: true, ca: [Buffer.from('CA PEM')] }],
    [
      'mutual TLS and a server name',
      { certFile: 'cert.pem', keyFile: 'key.pem', servername: 'redis.internal' },
      {
        rejectUnauthorized: true,
        cert: Buffer.from('CERT PEM'),
        key: Buffer.from('KEY PEM'),
        servername: 'redis.internal',
      },
    ],
    ['no verification', { rejectUnauthorized: false }, { rejectUnauthorized: false }],
  ])('reads %s', (_what, tls, expected) => {
    const withPaths = Object.fromEntries(
      Object.entries(tls).map(([k, v]) => [k, k.endsWith('File') ? join(dir, v as string) : v]),
    );
    expect(redisTlsOptions(parse(withPaths))).toEqual(expected);
  });

  it('names the key of a file it cannot read', () => {
    const tls = parse({ caFile: join(dir, 'nope.pem') });
    expect(() => redisTlsOptions(tls)).toThrow(RedisTlsFileError);
    expect(() => redisTlsOptions(tls)).toThrow(/^state\.redis\.tls\.caFile: cannot read .*nope\.pem \(ENOENT\)$/);
  });

  it('refuses a certificate without its key', () => {
    expect(RedisStateConfig.safeParse({ url: 'rediss://r:1', tls: { certFile: '/c.pem' } }).success).toBe(false);
  });
});
