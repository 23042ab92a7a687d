import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TlsFileError, TlsFilesConfig, tlsConnectionOptions } from './tls-files';

describe('tlsConnectionOptions', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'core-tls-files-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    writeFileSync(join(dir, 'cert.pem'), 'CERT PEM');
    writeFileSync(join(dir, 'key.pem'), 'KEY PEM');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    expect(tlsConnectionOptions(TlsFilesConfig.parse(withPaths), 'x.tls')).toEqual(expected);
  });

  it('names the key of a file it cannot read', () => {
    const tls = TlsFilesConfig.parse({ caFile: join(dir, 'nope.pem') });
    expect(() => tlsConnectionOptions(tls, 'state.redis.tls')).toThrow(TlsFileError);
    expect(() => tlsConnectionOptions(tls, 'state.redis.tls')).toThrow(
      /^state\.redis\.tls\.caFile: cannot read .*nope\.pem \(ENOENT\)$/,
    );
  });

  it.each([
    ['a certificate without its key', { certFile: '/c.pem' }],
    ['a key without its certificate', { keyFile: '/k.pem' }],
    ['an unknown key', { ca: '/ca.pem' }],
  ])('refuses %s', (_what, tls) => {
    expect(TlsFilesConfig.safeParse(tls).success).toBe(false);
  });
});
