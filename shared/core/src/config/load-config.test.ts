import { z } from 'zod';
import { ConfigError } from './config-error';
import { findConfigFile, loadConfig } from './load-config';

const Schema = z
  .object({
    kafka: z
      .object({
        brokers: z.array(z.string()).min(1),
        clientId: z.string().default('daytwo'),
        sasl: z.object({ username: z.string(), password: z.string() }).strict().optional(),
      })
      .strict(),
    batch: z
      .object({ maxRecords: z.number().int().positive().default(500) })
      .strict()
      .prefault({}),
    topics: z.record(z.string(), z.string()).default({}),
  })
  .strict();

const files: Record<string, string> = {
  '/etc/daytwo/ok.yaml': 'kafka:\n  brokers: [a:9092]\n',
  '/etc/daytwo/typo-root.yaml': 'kafak:\n  brokers: [a:9092]\n',
  '/etc/daytwo/typo-nested.yaml': 'kafka:\n  brokers: [a:9092]\n  clientID: x\n',
  '/etc/daytwo/wrong-type.yaml': 'kafka:\n  brokers: a:9092\n',
  '/etc/daytwo/wrong-number.yaml': 'kafka:\n  brokers: [a]\nbatch:\n  maxRecords: -3\n',
  '/etc/daytwo/not-yaml.yaml': 'kafka: [a\n',
  '/etc/daytwo/list.yaml': '- a\n',
  '/etc/daytwo/secret.yaml':
    'kafka:\n  brokers: [a]\n  sasl:\n    username: svc\n    password: ${file:/run/secrets/kafka-pw}\n',
  '/etc/daytwo/env-secret.yaml': 'kafka:\n  brokers: ["${env:BROKER_HOST}:9092"]\n',
  '/etc/daytwo/missing-secret.yaml':
    'kafka:\n  brokers: [a]\n  sasl:\n    username: svc\n    password: ${file:/run/secrets/nope}\n',
  '/etc/daytwo/escaped.yaml': 'kafka:\n  brokers: ["$${env:X}"]\n',
  '/run/secrets/kafka-pw': 's3cr3t\n',
};
const readFile = (p: string): string => {
  const content = files[p];
  if (content === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  return content;
};
const load = (file: string | undefined, env: NodeJS.ProcessEnv = {}) =>
  loadConfig(Schema, { file, env, readFile, envPrefix: 'DAYTWO_' });

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig rejects bad config naming the key', () => {
  it.each([
    ['unknown root key', '/etc/daytwo/typo-root.yaml', {}, ['unknown key "kafak" at root (did you mean "kafka"?)']],
    ['unknown nested key', '/etc/daytwo/typo-nested.yaml', {}, ['unknown key "clientID" at kafka']],
    ['wrong type', '/etc/daytwo/wrong-type.yaml', {}, ['kafka.brokers: expected array, received string']],
    ['out of range', '/etc/daytwo/wrong-number.yaml', {}, ['batch.maxRecords: ']],
    ['missing section', undefined, {}, ['kafka: expected object, received undefined']],
    ['missing file', '/etc/daytwo/none.yaml', {}, ['config file /etc/daytwo/none.yaml cannot be read (ENOENT)']],
    ['invalid YAML', '/etc/daytwo/not-yaml.yaml', {}, ['config file is not valid YAML']],
    ['top level not a mapping', '/etc/daytwo/list.yaml', {}, ['must contain a mapping at the top level']],
    [
      'unknown key from env',
      '/etc/daytwo/ok.yaml',
      { DAYTWO__KAFKA__BROKRES: 'x' },
      ['unknown key "brokres" at kafka (did you mean "brokers"?) (set by DAYTWO__KAFKA__BROKRES)'],
    ],
    [
      'wrong type from env',
      '/etc/daytwo/ok.yaml',
      { DAYTWO__BATCH__MAX_RECORDS: 'many' },
      ['batch.maxRecords: expected number, received string (set by DAYTWO__BATCH__MAX_RECORDS)'],
    ],
    [
      'missing file secret',
      '/etc/daytwo/missing-secret.yaml',
      {},
      ['kafka.sasl.password: secret file /run/secrets/nope cannot be read (ENOENT)'],
    ],
    [
      'missing env secret',
      '/etc/daytwo/env-secret.yaml',
      {},
      ['kafka.brokers[0]: environment variable BROKER_HOST is not set'],
    ],
  ])('%s', (_name, file, env, fragments) => {
    const err = errorOf(() => load(file, env));
    for (const fragment of fragments) expect(err.message).toContain(fragment);
  });

  it('reports every problem at once', () => {
    const err = errorOf(() => load('/etc/daytwo/typo-root.yaml', { DAYTWO__BATCH__MAX_RECORDS: '0' }));
    expect(err.problems.map((p) => p.path).sort()).toEqual(['batch.maxRecords', 'kafak', 'kafka']);
  });

  it('never puts a value in the message', () => {
    const err = errorOf(() => load('/etc/daytwo/ok.yaml', { DAYTWO__KAFKA__CLIENT_ID: '123', DAYTWO__X: 'hunter2' }));
    expect(err.message).toContain('unknown key "x" at root');
    expect(err.message).not.toContain('hunter2');
  });
});

describe('loadConfig builds the effective config', () => {
  it.each([
    ['file only', '/etc/daytwo/ok.yaml', {}, { kafka: { brokers: ['a:9092'], clientId: 'daytwo' } }],
    [
      'comma list into array',
      undefined,
      { DAYTWO__KAFKA__BROKERS: 'a:1, b:2' },
      { kafka: { brokers: ['a:1', 'b:2'] } },
    ],
    ['JSON array', undefined, { DAYTWO__KAFKA__BROKERS: '["a:1","b:2"]' }, { kafka: { brokers: ['a:1', 'b:2'] } }],
    [
      'env wins over file, numbers parsed',
      '/etc/daytwo/ok.yaml',
      { DAYTWO__KAFKA__BROKERS: 'z:1', DAYTWO__BATCH__MAX_RECORDS: '20' },
      { kafka: { brokers: ['z:1'] }, batch: { maxRecords: 20 } },
    ],
    [
      'string field keeps digits as text',
      '/etc/daytwo/ok.yaml',
      { DAYTWO__KAFKA__CLIENT_ID: '007' },
      { kafka: { clientId: '007' } },
    ],
    [
      'record keys from env',
      '/etc/daytwo/ok.yaml',
      { DAYTWO__TOPICS__LOGS: 'daytwo.logs' },
      { topics: { logs: 'daytwo.logs' } },
    ],
    [
      'variables without the double underscore are not overrides',
      '/etc/daytwo/ok.yaml',
      { DAYTWO_KAFKA_BROKERS: 'other:9092', DAYTWO_CONFIG: '/x.yaml' },
      { kafka: { brokers: ['a:9092'] } },
    ],
    [
      'file secret reference, trailing newline dropped',
      '/etc/daytwo/secret.yaml',
      {},
      { kafka: { sasl: { username: 'svc', password: 's3cr3t' } } },
    ],
    [
      'embedded env reference',
      '/etc/daytwo/env-secret.yaml',
      { BROKER_HOST: 'kafka-0' },
      { kafka: { brokers: ['kafka-0:9092'] } },
    ],
    [
      'reference inside an env override',
      '/etc/daytwo/ok.yaml',
      { DAYTWO__KAFKA__SASL: '{"username":"u","password":"${env:PW}"}', PW: 'p' },
      { kafka: { sasl: { username: 'u', password: 'p' } } },
    ],
    ['escaped reference stays literal', '/etc/daytwo/escaped.yaml', {}, { kafka: { brokers: ['${env:X}'] } }],
  ])('%s', (_name, file, env, expected) => {
    expect(load(file, env)).toMatchObject(expected);
  });
});

describe('findConfigFile', () => {
  it.each([
    [['--config', '/a.yaml'], {}, '/a.yaml'],
    [['--config=/b.yaml'], { DAYTWO_CONFIG: '/c.yaml' }, '/b.yaml'],
    [[], { DAYTWO_CONFIG: '/c.yaml' }, '/c.yaml'],
    [[], {}, undefined],
  ])('%p with %p → %p', (argv, env, expected) => {
    expect(findConfigFile(argv, env)).toBe(expected);
  });

  it('rejects --config without a path', () => {
    expect(() => findConfigFile(['--config'], {})).toThrow(ConfigError);
  });
});
