import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TlsFileError } from '@daytwo/core';
import { elasticsearchClientOptions } from './client';
import { ElasticsearchConfig, type ElasticsearchConfigInput } from './config';

const parse = (input: ElasticsearchConfigInput) => ElasticsearchConfig.parse(input);

describe('elasticsearchClientOptions', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sink-es-client-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['basic auth', { username: 'u', password: 'p' }, { username: 'u', password: 'p' }],
    ['api key', { apiKey: 'k' }, { apiKey: 'k' }],
    ['no auth', undefined, undefined],
  ])('passes %s to the client', (_what, auth, expected) => {
    expect(elasticsearchClientOptions(parse({ node: 'https://es:9200', auth })).auth).toEqual(expected);
  });

  it('reads the CA file and keeps certificate verification on', () => {
    const options = elasticsearchClientOptions(
      parse({ node: 'https://es:9200', tls: { caFile: join(dir, 'ca.pem'), servername: 'es.internal' } }),
    );
    expect(options.tls).toEqual({ ca: [Buffer.from('CA PEM')], rejectUnauthorized: true, servername: 'es.internal' });
  });

  it('names the key of a certificate file it cannot read', () => {
    const config = parse({ node: 'https://es:9200', tls: { caFile: join(dir, 'nope.pem') } });
    expect(() => elasticsearchClientOptions(config)).toThrow(TlsFileError);
    expect(() => elasticsearchClientOptions(config)).toThrow(
      /^elasticsearch\.tls\.caFile: cannot read .*nope\.pem \(ENOENT\)$/,
    );
  });
});
