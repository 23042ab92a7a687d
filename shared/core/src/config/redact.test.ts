import { z } from 'zod';
import { loadConfig } from './load-config';
import { REDACTED, redactConfig } from './redact';

describe('redactConfig', () => {
  it.each([
    ['password', { db: { password: 'p', user: 'u' } }, { db: { password: REDACTED, user: 'u' } }],
    [
      'token and apiKey',
      { token: 't', apiKey: 'k', api_key: 'k2' },
      { token: REDACTED, apiKey: REDACTED, api_key: REDACTED },
    ],
    ['whole secret object', { credentials: { a: 1 } }, { credentials: REDACTED }],
    ['arrays walked', { sinks: [{ secret: 's', url: 'u' }] }, { sinks: [{ secret: REDACTED, url: 'u' }] }],
    ['unset secret stays visible', { password: null, token: undefined }, { password: null, token: undefined }],
    [
      'harmless keys kept',
      { partitionKey: 'pod', keyField: 'id', port: 1 },
      { partitionKey: 'pod', keyField: 'id', port: 1 },
    ],
  ])('%s', (_name, input, expected) => {
    expect(redactConfig(input)).toEqual(expected);
  });

  it('does not modify its input', () => {
    const input = { password: 'p' };
    redactConfig(input);
    expect(input.password).toBe('p');
  });

  it('masks fields the schema marks secret', () => {
    const schema = z.object({ es: z.object({ dsn: z.string().meta({ secret: true }).optional(), url: z.string() }) });
    const config = { es: { dsn: 'https://u:p@h', url: 'http://h' } };
    expect(redactConfig(config, { schema })).toEqual({ es: { dsn: REDACTED, url: 'http://h' } });
  });

  it('masks values loadConfig resolved from secret references, whatever their key', () => {
    const schema = z.object({ es: z.object({ url: z.string(), index: z.string() }).strict() }).strict();
    const config = loadConfig(schema, {
      env: { DAYTWO__ES__URL: 'https://elastic:${env:ES_PW}@es:9200', DAYTWO__ES__INDEX: 'logs', ES_PW: 'pw' },
    });
    expect(config.es.url).toBe('https://elastic:pw@es:9200');
    expect(redactConfig(config)).toEqual({ es: { url: REDACTED, index: 'logs' } });
  });
});
