import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logLevel } from 'kafkajs';
import {
  createKafka,
  kafkaClientOptions,
  KafkaConfigError,
  parseKafkaConnectionConfig,
  type KafkaConnectionConfigInput,
} from './client-config';
import { kafkaLogCreator, type PinoLikeLogger } from './kafka-logger';
import { kafkaSocketFactory } from './socket-factory';

const dir = mkdtempSync(join(tmpdir(), 'daytwo-kafka-config-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const ca = file('ca.pem', 'CA');
const cert = file('cert.pem', 'CERT');
const key = file('key.pem', 'KEY');
const passwordFile = file('password', 's3cret\n');
const missing = join(dir, 'missing');

describe('parseKafkaConnectionConfig', () => {
  it.each<[KafkaConnectionConfigInput, string[]]>([
    [{ brokers: ['a:9092'] }, ['a:9092']],
    [{ brokers: 'a:9092, b:9093' }, ['a:9092', 'b:9093']],
    [{ brokers: ['[::1]:9092'] }, ['[::1]:9092']],
  ])('accepts brokers %j', (input, brokers) => {
    expect(parseKafkaConnectionConfig(input)).toMatchObject({
      brokers,
      clientId: 'daytwo',
      connectionTimeoutMs: 3000,
      requestTimeoutMs: 30000,
    });
  });

  it.each<[unknown, RegExp]>([
    [{}, /^kafka\.brokers: /],
    [{ brokers: [] }, /kafka\.brokers: at least one broker/],
    [{ brokers: ['no-port'] }, /kafka\.brokers\.0: expected host:port/],
    [{ brokers: 'a:1', extra: 1 }, /extra/],
    [{ brokers: 'a:1', tls: { certFile: cert } }, /kafka\.tls\.keyFile: certFile and keyFile/],
    [{ brokers: 'a:1', sasl: { mechanism: 'plain', username: 'u' } }, /kafka\.sasl\.passwordFile: exactly one/],
    [{ brokers: 'a:1', sasl: { mechanism: 'gssapi', username: 'u', passwordEnv: 'P' } }, /kafka\.sasl\.mechanism/],
    [{ brokers: 'a:1', requestTimeoutMs: 0 }, /kafka\.requestTimeoutMs/],
  ])('rejects %j naming the key', (input, message) => {
    expect(() => parseKafkaConnectionConfig(input)).toThrow(KafkaConfigError);
    expect(() => parseKafkaConnectionConfig(input)).toThrow(message);
  });
});

describe('kafkaClientOptions', () => {
  const parse = (input: KafkaConnectionConfigInput) => parseKafkaConnectionConfig(input);

  it('opens sockets with kafkaSocketFactory (no listener per restart on closed sockets)', () => {
    expect(kafkaClientOptions(parse({ brokers: 'a:1' })).socketFactory).toBe(kafkaSocketFactory);
  });

  it('reads TLS files at start', () => {
    const options = kafkaClientOptions(
      parse({ brokers: 'a:1', tls: { caFile: ca, certFile: cert, keyFile: key, rejectUnauthorized: false } }),
    );
    expect(options.ssl).toEqual({
      ca: [Buffer.from('CA')],
      cert: Buffer.from('CERT'),
      key: Buffer.from('KEY'),
      rejectUnauthorized: false,
    });
  });

  it.each<[string, KafkaConnectionConfigInput, NodeJS.ProcessEnv]>([
    ['a file (newline stripped)', { brokers: 'a:1', sasl: { mechanism: 'plain', username: 'u', passwordFile } }, {}],
    [
      'an env var',
      { brokers: 'a:1', sasl: { mechanism: 'scram-sha-512', username: 'u', passwordEnv: 'KAFKA_PW' } },
      { KAFKA_PW: 's3cret' },
    ],
  ])('takes the SASL password from %s', (_name, input, env) => {
    const options = kafkaClientOptions(parse(input), { env });
    expect(options.sasl).toMatchObject({ username: 'u', password: 's3cret' });
  });

  it.each<[KafkaConnectionConfigInput, RegExp]>([
    [{ brokers: 'a:1', tls: { caFile: missing } }, /^svc\.kafka\.tls\.caFile: cannot read .*missing/],
    [
      { brokers: 'a:1', sasl: { mechanism: 'plain', username: 'u', passwordFile: missing } },
      /^svc\.kafka\.sasl\.passwordFile: cannot read/,
    ],
    [
      { brokers: 'a:1', sasl: { mechanism: 'plain', username: 'u', passwordEnv: 'UNSET_PW' } },
      /^svc\.kafka\.sasl\.passwordEnv: environment variable UNSET_PW is not set/,
    ],
  ])('fails fast on unreadable secrets %#', (input, message) => {
    expect(() => kafkaClientOptions(parse(input), { env: {}, keyPrefix: 'svc.kafka' })).toThrow(message);
  });

  it('never puts the password into error messages', () => {
    const input = { brokers: 'nope', sasl: { mechanism: 'plain' as const, username: 'u', passwordEnv: 'PW' } };
    expect(() => createKafka(input, { env: { PW: 'topsecret' } })).toThrow(/^(?!.*topsecret)/);
  });

  it.each([
    [false, logLevel.NOTHING],
    [true, logLevel.INFO],
  ])('logger given: %p -> kafkajs log level %p', (withLogger, level) => {
    const logger: PinoLikeLogger = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() };
    const options = kafkaClientOptions(parse({ brokers: 'a:1' }), withLogger ? { logger } : {});
    expect(options.logLevel).toBe(level);
    expect(options.logCreator !== undefined).toBe(withLogger);
  });
});

describe('kafkaLogCreator', () => {
  it.each([
    [logLevel.ERROR, 'error'],
    [logLevel.WARN, 'warn'],
    [logLevel.INFO, 'info'],
    [logLevel.DEBUG, 'debug'],
  ] as const)('routes kafkajs level %p to %p with its fields', (level, method) => {
    const logger = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() };
    const log = kafkaLogCreator(logger)(logLevel.DEBUG);
    log({ namespace: 'Consumer', level, label: 'X', log: { timestamp: 't', message: 'joined', groupId: 'g' } });
    expect(logger[method]).toHaveBeenCalledWith(
      { component: 'kafkajs', namespace: 'Consumer', groupId: 'g' },
      'joined',
    );
  });
});
