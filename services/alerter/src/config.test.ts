import { join } from 'node:path';
import { ConfigError, loadConfig, redactConfig } from '@daytwo/core';
import { AlerterConfig } from './config';

const shipped = join(__dirname, '../../../config/alerter.yaml');

describe('AlerterConfig', () => {
  it('accepts the shipped config/alerter.yaml and fills defaults', () => {
    const config = loadConfig(AlerterConfig, { file: shipped, env: {} });
    expect(config.destinations[0]).toMatchObject({ name: 'alertmanager', type: 'alertmanager', headers: {} });
    expect(config.redis.prefix).toBe('daytwo-alerter');
    expect(config.consumer.groupId).toBe('daytwo-alerter');
  });

  it('resolves secrets from references', () => {
    const config = loadConfig(AlerterConfig, {
      file: shipped,
      env: { DAYTWO__REDIS__PASSWORD: '${env:PW}', PW: 'hunter2' },
    });
    expect(config.redis.password).toBe('hunter2');
  });

  const base = {
    kafka: { brokers: ['k:9092'] },
    cluster: 'c',
    destinations: [{ name: 'a', type: 'webhook', url: 'http://h/x' }],
  };
  it.each<[string, Record<string, unknown>, string]>([
    ['no cluster', { cluster: undefined }, 'cluster'],
    ['no destination', { destinations: [] }, 'destinations'],
    ['an unknown type', { destinations: [{ name: 'a', type: 'email', url: 'http://h' }] }, 'destinations.0.type'],
    ['a bad url', { destinations: [{ name: 'a', type: 'webhook', url: 'ftp://h' }] }, 'destinations.0.url'],
    [
      'a duplicate name',
      {
        destinations: [
          { name: 'a', type: 'webhook', url: 'http://h' },
          { name: 'a', type: 'slack', url: 'http://h' },
        ],
      },
      'destinations.1.name',
    ],
    ['an unknown key', { grouping: { window: 3 } }, 'grouping'],
    ['a non-redis url', { redis: { url: 'http://r' } }, 'redis.url'],
    [
      'backoff above its max',
      { destinations: [{ name: 'a', type: 'webhook', url: 'http://h', retry: { backoffMs: 10, maxBackoffMs: 5 } }] },
      'destinations.0.retry.backoffMs',
    ],
  ])('rejects %s (%j), naming %s', (_what, over, key) => {
    const result = AlerterConfig.safeParse({ ...base, ...over });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(key);
  });

  it('fails to load with a ConfigError naming the key', () => {
    const load = () => loadConfig(AlerterConfig, { file: shipped, env: { DAYTWO__GROUPING__WINDOW_SECONDS: '-1' } });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/grouping\.windowSeconds/);
  });
});

describe('secrets in the logged config', () => {
  it('are masked: HMAC secret, auth password, headers, Redis password, referenced URLs', () => {
    const config = loadConfig(AlerterConfig, {
      file: shipped,
      env: {
        DAYTWO__REDIS__PASSWORD: 'redis-pw',
        DAYTWO__DESTINATIONS: JSON.stringify([
          {
            name: 'hook',
            type: 'webhook',
            url: 'http://h/in',
            headers: { 'X-Routing': 'header-secret' },
            hmacSecret: 'hmac-secret',
            auth: { username: 'u', password: 'auth-pw' },
          },
          { name: 'slack', type: 'slack', url: '${env:SLACK_URL}' },
        ]),
        SLACK_URL: 'https://hooks.slack.example/T0/B0/slack-secret',
      },
    });
    const logged = JSON.stringify(redactConfig(config, { schema: AlerterConfig }));
    for (const secret of ['redis-pw', 'header-secret', 'hmac-secret', 'auth-pw', 'slack-secret']) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).toContain('http://h/in');
  });
});
