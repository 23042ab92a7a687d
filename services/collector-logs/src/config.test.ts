import { join } from 'node:path';
import { ConfigError, loadConfig } from '@daytwo/core';
import { CollectorLogsConfig } from './config';
import { resolveNodeName } from './main';

const kafka = { brokers: ['127.0.0.1:9092'] };

describe('CollectorLogsConfig', () => {
  it('fills every default from the brokers alone', () => {
    const config = CollectorLogsConfig.parse({ kafka });
    expect(config.discovery).toMatchObject({ root: '/var/log/pods', watch: true, include: { namespaces: [] } });
    expect(config.decode).toMatchObject({ format: 'auto', maxLineBytes: 256 * 1024, multiline: { maxLines: 500 } });
    expect(config.publish.maxInFlightBytes).toBe(2 * 1024 * 1024);
  });

  it('validates the shipped config file', () => {
    const file = join(__dirname, '../../../config/collector-logs.yaml');
    const config = loadConfig(CollectorLogsConfig, { file, env: {} });
    expect(config.producer.compression).toBe('gzip');
  });

  it.each<[string, object, string]>([
    ['a glob that does not compile', { discovery: { exclude: { pods: ['web-[0-9'] } } }, 'discovery.exclude.pods[0]'],
    ['a too small in-flight budget', { publish: { maxInFlightBytes: 10 } }, 'publish.maxInFlightBytes'],
    ['retry bounds the wrong way round', { publish: { retryInitialMs: 50, retryMaxMs: 10 } }, 'publish.retryInitialMs'],
    ['an unknown key', { decode: { maxLineSize: 1 } }, 'decode'],
  ])('names the key of %s', (_name, patch, key) => {
    const load = () =>
      loadConfig(CollectorLogsConfig, { env: {}, readFile: () => JSON.stringify({ kafka, ...patch }), file: 'x.yaml' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(key);
  });

  it.each<[string | undefined, Record<string, string>, string]>([
    ['from-config', { NODE_NAME: 'from-env' }, 'from-config'],
    [undefined, { NODE_NAME: 'from-env' }, 'from-env'],
  ])('node name %s / %j → %s', (nodeName, env, expected) => {
    expect(resolveNodeName(CollectorLogsConfig.parse({ kafka, nodeName }), env)).toBe(expected);
  });
});
