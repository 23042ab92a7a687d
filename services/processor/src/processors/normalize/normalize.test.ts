import { runProcessor } from '@daytwo/processor-api';
import { logRecord } from '../../test-support/records';
import { normalize } from './normalize';

const COLLECTED = '2026-01-01T00:00:00.000Z';

describe('normalize', () => {
  it.each([
    { name: 'maps log.level', config: {}, message: 'x', patch: { log: { level: 'WARNING' } }, level: 'warn' },
    { name: 'maps a bunyan number', config: {}, message: 'x', patch: { attributes: { level: 50 } }, level: 'error' },
    {
      name: 'maps a syslog severity',
      config: {},
      message: 'x',
      patch: { attributes: { severity: '2' } },
      level: 'fatal',
    },
    {
      name: 'keeps an unknown level as it is',
      config: {},
      message: 'x',
      patch: { log: { level: 'LOUD' } },
      level: 'LOUD',
    },
    { name: 'detects a level in the message', config: {}, message: '[error] boom', level: 'error' },
    {
      name: 'prefers a level field to the message',
      config: {},
      message: 'ERROR x',
      patch: { log: { level: 'I' } },
      level: 'info',
    },
    { name: 'leaves the level alone without a hint', config: {}, message: 'just text', level: undefined },
    {
      name: 'can skip message detection',
      config: { level: { fromMessage: false } },
      message: 'ERROR x',
      level: undefined,
    },
    {
      name: 'can be switched off',
      config: { level: { enabled: false } },
      message: 'x',
      patch: { log: { level: 'W' } },
      level: 'W',
    },
    {
      name: 'reads custom level fields',
      config: { level: { fields: ['attributes.sev'] } },
      message: 'x',
      patch: { attributes: { sev: 'crit', level: 'info' } },
      level: 'fatal',
    },
  ])('level: $name', async ({ config, message, patch, level }) => {
    const result = await runProcessor(normalize, config, [logRecord(message, patch)]);
    expect(result.records[0]!.log?.level).toBe(level);
  });

  it.each([
    {
      name: 'from an attribute',
      config: {},
      message: 'x',
      attributes: { time: '2026-01-02T03:04:05+01:00' },
      ts: '2026-01-02T02:04:05.000Z',
    },
    {
      name: 'from epoch millis',
      config: {},
      message: 'x',
      attributes: { ts: 1767323045123 },
      ts: '2026-01-02T03:04:05.123Z',
    },
    {
      name: 'skips an unparseable field for the next one',
      config: {},
      message: 'x',
      attributes: { time: 'later', timestamp: '2026-01-02 03:04:05' },
      ts: '2026-01-02T03:04:05.000Z',
    },
    { name: 'from the message', config: {}, message: '2026-01-02T03:04:05.5Z INFO x', ts: '2026-01-02T03:04:05.500Z' },
    {
      name: 'keeps the original on failure',
      config: {},
      message: 'no time',
      attributes: { time: 'soon' },
      ts: COLLECTED,
    },
    {
      name: 'can be switched off',
      config: { timestamp: { enabled: false } },
      message: '2026-01-02T03:04:05Z x',
      ts: COLLECTED,
    },
  ])('timestamp: $name', async ({ config, message, attributes, ts }) => {
    const result = await runProcessor(normalize, config, [logRecord(message, attributes ? { attributes } : {})]);
    expect(result.records[0]!['@timestamp']).toBe(ts);
    if (attributes) expect(result.records[0]!.attributes).toEqual(attributes);
  });

  it('rejects unknown keys with the path', async () => {
    await expect(runProcessor(normalize, { level: { field: [] } }, [])).rejects.toThrow('normalize.level.field');
  });
});
