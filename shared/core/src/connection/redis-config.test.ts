import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { RedisConnectionConfig, redisConnectionOptions } from './redis-config';

describe('RedisConnectionConfig', () => {
  it.each([
    ['redis://', { url: 'redis://r:6379/0' }],
    [
      'rediss:// with credentials and a CA',
      { url: 'rediss://r:6380', username: 'u', password: 'p', tls: { caFile: '/ca' } },
    ],
  ])('accepts %s', (_what, input) => {
    expect(RedisConnectionConfig.safeParse(input).success).toBe(true);
  });

  it.each([
    ['an http URL', { url: 'http://r:6379' }, 'url'],
    ['an empty password', { url: 'redis://r', password: '' }, 'password'],
    ['an unknown key', { url: 'redis://r', host: 'r' }, ''],
    ['a client certificate without its key', { url: 'redis://r', tls: { certFile: '/c' } }, 'tls.keyFile'],
  ])('refuses %s', (_what, input, path) => {
    const result = RedisConnectionConfig.safeParse(input);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });

  it('stays strict when a service extends it with its own keys', () => {
    const Extended = RedisConnectionConfig.extend({ keyPrefix: z.string().default('p:') });
    expect(Extended.parse({ url: 'redis://r' })).toEqual({ url: 'redis://r', keyPrefix: 'p:' });
    expect(Extended.safeParse({ url: 'redis://r', prefix: 'x' }).success).toBe(false);
  });

  it('marks the password secret', () => {
    expect(RedisConnectionConfig.shape.password.unwrap().meta()).toMatchObject({ secret: true });
  });
});

describe('redisConnectionOptions', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'core-redis-config-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes credentials and reads the CA', () => {
    const config = RedisConnectionConfig.parse({
      url: 'rediss://r:6380',
      username: 'u',
      password: 'p',
      tls: { caFile: join(dir, 'ca.pem') },
    });
    expect(redisConnectionOptions(config, 'redis')).toEqual({
      username: 'u',
      password: 'p',
      tls: { rejectUnauthorized: true, ca: [Buffer.from('CA PEM')] },
    });
  });

  it('leaves out what is not configured (ioredis turns TLS on for rediss:// itself)', () => {
    expect(redisConnectionOptions(RedisConnectionConfig.parse({ url: 'rediss://r' }), 'redis')).toEqual({});
  });

  it('names the section of an unreadable file', () => {
    const config = RedisConnectionConfig.parse({ url: 'rediss://r', tls: { caFile: join(dir, 'nope.pem') } });
    expect(() => redisConnectionOptions(config, 'state.redis')).toThrow(/^state\.redis\.tls\.caFile: cannot read /);
  });
});
