import type { LogRecord } from '@daytwo/core';
import { ProcessorConfigError, runProcessor } from '@daytwo/processor-api';
import { logRecord } from '../../test-support/records';
import { redactions } from './metrics';
import { redact } from './redact';

const CARD = '4111 1111 1111 1111';

describe('redact', () => {
  it.each<{ name: string; config: object; record: LogRecord; expected: Partial<LogRecord> }>([
    {
      name: 'redacts the message and tags the record',
      config: {},
      record: logRecord(`login user=bob password=hunter2 card ${CARD}`),
      expected: { message: 'login user=bob password=[REDACTED] card [REDACTED]', tags: ['redacted'] },
    },
    {
      name: 'redacts attribute strings, whole values under secret keys, and keeps non-strings',
      config: {},
      record: logRecord('ok', {
        attributes: {
          db: { url: 'postgres://app:pw1@db/app', password: 'pw2', port: 5432 },
          headers: ['Authorization: Bearer abc', 'Accept: */*'],
          apiKey: 12345,
          user: 'bob',
        },
        tags: ['parsed'],
      }),
      expected: {
        attributes: {
          db: { url: 'postgres://app:[REDACTED]@db/app', password: '[REDACTED]', port: 5432 },
          headers: ['Authorization: Bearer [REDACTED]', 'Accept: */*'],
          apiKey: 12345,
          user: 'bob',
        },
        tags: ['parsed', 'redacted'],
      },
    },
    {
      name: 'leaves attributes alone when told to',
      config: { attributes: false },
      record: logRecord('token=abc', { attributes: { password: 'pw' } }),
      expected: { message: 'token=[REDACTED]', attributes: { password: 'pw' }, tags: ['redacted'] },
    },
    {
      name: 'runs without the disabled rules',
      config: { disable: ['card-number', 'key-value-secret'] },
      record: logRecord(`card ${CARD} password=x`),
      expected: {},
    },
    {
      name: 'applies custom rules with group references and its own replacement, after the built-in ones',
      config: {
        rules: [
          {
            name: 'employee-id',
            pattern: '\\b(emp)-\\d{6}\\b',
            flags: 'i',
            replacement: '$1-######',
            keywords: ['EMP-'],
          },
        ],
      },
      record: logRecord('EMP-123456 used token=t0'),
      expected: { message: 'EMP-###### used token=[REDACTED]', tags: ['redacted'] },
    },
    {
      name: 'uses the configured replacement and tag, once',
      config: { replacement: '***', tag: 'pii', rules: [{ name: 'ssn', pattern: '\\d{3}-\\d{2}-\\d{4}' }] },
      record: logRecord('ssn 123-45-6789 password=x', { tags: ['pii'] }),
      expected: { message: 'ssn *** password=***', tags: ['pii'] },
    },
    {
      name: 'passes a clean record through untouched',
      config: {},
      record: logRecord('GET /healthz 200 token_count=3', { attributes: { path: '/healthz' } }),
      expected: {},
    },
  ])('$name', async ({ config, record, expected }) => {
    const result = await runProcessor(redact, config, [record]);
    expect(result.failures).toEqual([]);
    expect(result.records).toEqual([{ ...record, ...expected }]);
  });

  it('counts redactions per rule', async () => {
    const name = 'redact-counting';
    await runProcessor(
      redact,
      {},
      [logRecord(`a password=x b ${CARD}`), logRecord('AKIAIOSFODNN7EXAMPLE password=y')],
      {
        name,
      },
    );
    const counts = Object.fromEntries(
      (await redactions.get()).values.filter((v) => v.labels.processor === name).map((v) => [v.labels.rule, v.value]),
    );
    expect(counts).toEqual({ 'key-value-secret': 2, 'card-number': 1, 'aws-access-key': 1 });
  });

  it.each([
    { config: { disable: ['cards'] }, key: 'redact.disable[0]' },
    { config: { rules: [{ name: 'x', pattern: '(' }] }, key: 'redact.rules[0].pattern' },
    { config: { rules: [{ name: 'jwt', pattern: 'x' }] }, key: 'redact.rules[0].name' },
    { config: { rules: [{ name: 'a', pattern: 'x', flags: 'y' }] }, key: 'redact.rules[0].flags' },
    { config: { replace: 'x' }, key: 'redact.replace' },
  ])('rejects config naming $key', async ({ config, key }) => {
    const run = runProcessor(redact, config, []);
    await expect(run).rejects.toThrow(ProcessorConfigError);
    await expect(run).rejects.toThrow(key);
  });
});
