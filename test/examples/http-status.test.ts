import { dirname, join, relative } from 'node:path';
import { loadConfig, type LogRecord } from '@daytwo/core';
import { memoryStateStore, runProcessor } from '@daytwo/processor-api';
import {
  buildCatalog,
  processorServiceConfigSchema,
  ProcessorChain,
  resolveChain,
  type ProcessorServiceConfig,
} from '@daytwo/processor';
import httpStatus from './http-status';

const access = (id: string, status: unknown, level?: string): LogRecord => ({
  schema_version: 1,
  '@timestamp': '2026-01-01T00:00:00.000Z',
  message: `GET /x ${String(status)}`,
  event: { id },
  attributes: status === undefined ? {} : { status },
  ...(level ? { log: { level } } : {}),
});

describe('the http-status example with the harness', () => {
  it.each([
    { name: 'labels a 2xx as info', config: {}, input: [access('a', 200)], out: [['a', 'info', '2xx']] },
    { name: 'reads a status given as text', config: {}, input: [access('a', '404')], out: [['a', 'warn', '4xx']] },
    { name: 'makes a 5xx an error', config: {}, input: [access('a', 503, 'info')], out: [['a', 'error', '5xx']] },
    { name: 'keeps the level of a 3xx', config: {}, input: [access('a', 301, 'debug')], out: [['a', 'debug', '3xx']] },
    { name: 'passes non-access logs', config: {}, input: [access('a', undefined)], out: [['a', undefined, undefined]] },
    {
      name: 'drops successes when asked',
      config: { dropSuccessful: true },
      input: [access('a', 200), access('b', 500)],
      out: [['b', 'error', '5xx']],
    },
    {
      name: 'reads another attribute',
      config: { attribute: 'code' },
      input: [{ ...access('a', undefined), attributes: { code: 502 } }],
      out: [['a', 'error', '5xx']],
    },
  ])('$name', async ({ config, input, out }) => {
    const result = await runProcessor(httpStatus, config, input);
    expect(result.failures).toEqual([]);
    expect(result.records.map((r) => [r.event.id, r.log?.level, r.labels?.['status_class']])).toEqual(out);
  });

  it('fails only the record with a bad status', async () => {
    const result = await runProcessor(httpStatus, {}, [access('a', 200), access('b', 'abc'), access('c', 500)]);
    expect(result.records.map((r) => r.event.id)).toEqual(['a', 'c']);
    expect(result.failures.map((f) => [f.record.event.id, f.error.message])).toEqual([
      ['b', 'invalid HTTP status "abc" in attributes.status'],
    ]);
    expect(result.counts).toEqual({ in: 3, out: 2, dropped: 0, failed: 1 });
  });

  it('rejects a config with a typo, naming the key', async () => {
    await expect(runProcessor(httpStatus, { dropSucessful: true }, [])).rejects.toThrow('http-status.dropSucessful');
  });
});

describe('the http-status example loaded by path from config', () => {
  // The config file lives in another directory: the plugin path is relative to it, as users write it.
  const configFile = join(__dirname, '..', 'fixtures-virtual', 'processor.yaml');
  const pluginPath = `./${relative(dirname(configFile), join(__dirname, 'http-status'))}`;
  const dirs = { configDir: dirname(configFile), cwd: join(__dirname, '..', '..') };
  const yaml = `
kafka: { brokers: ['127.0.0.1:9092'] }
plugins: ['${pluginPath}']
pipelines:
  logs:
    processors:
      - { type: parse-json }
      - { type: http-status, name: access-status, dropSuccessful: true }
`;

  it('validates its config at load time and runs in a processor chain', async () => {
    const config: ProcessorServiceConfig = loadConfig(processorServiceConfigSchema(dirs), {
      file: configFile,
      readFile: () => yaml,
      env: {},
    });
    const { catalog, problems } = buildCatalog(config.plugins, dirs);
    expect(problems).toEqual([]);
    const { steps } = resolveChain(
      config.pipelines.logs.processors,
      'log',
      ['pipelines', 'logs', 'processors'],
      catalog,
    );
    const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };
    const chain = await ProcessorChain.create<'log'>({
      pipeline: 'logs',
      kind: 'log',
      steps,
      logger: silent,
      state: () => memoryStateStore(),
      emitAnomaly: () => {},
    });
    const body = (id: string, status: unknown) => ({ ...access(id, undefined), message: JSON.stringify({ status }) });
    const result = await chain.run([body('a', 200), body('b', 'x'), body('c', 504)]);
    await chain.close();
    expect(result.output.map((r) => [r.event.id, r.labels?.['status_class']])).toEqual([['c', '5xx']]);
    expect(result.failures.map((f) => [f.processor, f.record.event.id])).toEqual([['access-status', 'b']]);
  });

  it('names the config key of a bad plugin option', () => {
    const bad = yaml.replace('dropSuccessful: true', 'dropSuccessful: yes-please');
    expect(() =>
      loadConfig(processorServiceConfigSchema(dirs), { file: configFile, readFile: () => bad, env: {} }),
    ).toThrow('pipelines.logs.processors[1].dropSuccessful: expected boolean, received string');
  });
});
