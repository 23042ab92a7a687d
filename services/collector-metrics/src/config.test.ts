import { join } from 'node:path';
import { ConfigError, loadConfig } from '@daytwo/core';
import { CollectorMetricsConfig } from './config';

const REPO_CONFIG = join(__dirname, '../../../config/collector-metrics.yaml');
const base = { kafka: { brokers: ['127.0.0.1:9092'] }, targets: { static: [{ job: 'node', targets: ['a:9100'] }] } };

function problems(input: unknown): string[] {
  const result = CollectorMetricsConfig.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('CollectorMetricsConfig', () => {
  it('loads the shipped config file with defaults filled in', () => {
    const config = loadConfig(CollectorMetricsConfig, { file: REPO_CONFIG, env: {} });
    expect(config.scrape).toMatchObject({ interval: 15_000, timeout: 10_000, bodySizeLimit: 16 * 1024 * 1024 });
    expect(config.targets.static[0]).toMatchObject({
      job: 'node',
      scheme: 'http',
      metricsPath: '/metrics',
      honorTimestamps: true,
    });
    expect(config.targets.kubernetes).toMatchObject({ enabled: false, job: 'kubernetes-pods', mode: 'in-cluster' });
    expect(config.nodeName.length).toBeGreaterThan(0);
  });

  it('takes environment overrides', () => {
    const config = loadConfig(CollectorMetricsConfig, {
      file: REPO_CONFIG,
      env: { DAYTWO__SCRAPE__INTERVAL: '30s', DAYTWO__TARGETS__KUBERNETES__NAMESPACES: 'a,b' },
    });
    expect(config.scrape.interval).toBe(30_000);
    expect(config.targets.kubernetes.namespaces).toEqual(['a', 'b']);
  });

  it('a plain http API server needs insecureSkipTlsVerify (core rule), then parses', () => {
    const kubernetes = { enabled: true, mode: 'url', url: 'http://127.0.0.1:8001', namespaces: ['a'] };
    expect(problems({ ...base, targets: { kubernetes } })).toEqual([
      expect.stringMatching(/^targets\.kubernetes\.insecureSkipTlsVerify: /),
    ]);
    const config = CollectorMetricsConfig.parse({
      ...base,
      targets: { kubernetes: { ...kubernetes, insecureSkipTlsVerify: true, podLabels: ['app'] } },
    });
    expect(config.targets.kubernetes).toMatchObject({
      mode: 'url',
      namespaces: ['a'],
      podLabels: ['app'],
      job: 'kubernetes-pods',
    });
  });

  it('compiles relabel rules', () => {
    const config = CollectorMetricsConfig.parse({
      ...base,
      relabel_configs: [{ source_labels: ['__address__'], modulus: 2, target_label: '__tmp', action: 'hashmod' }],
    });
    expect(config.relabel_configs[0]).toMatchObject({ action: 'hashmod', modulus: 2n });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['timeout over interval', { scrape: { interval: '5s', timeout: '10s' } }, 'scrape.timeout'],
    ['bad duration', { scrape: { interval: '15' } }, 'scrape.interval'],
    ['bad size', { scrape: { bodySizeLimit: '10 megs' } }, 'scrape.bodySizeLimit'],
    ['unknown key', { scrape: { intervall: '15s' } }, 'scrape'],
    ['no target source', { targets: {} }, 'targets'],
    [
      'target with a path',
      { targets: { static: [{ job: 'x', targets: ['a:1/metrics'] }] } },
      'targets.static.0.targets.0',
    ],
    ['static without job', { targets: { static: [{ targets: ['a:1'] }] } }, 'targets.static.0.job'],
    ['file_sd with another extension', { targets: { files: [{ job: 'x', path: '/t.txt' }] } }, 'targets.files.0.path'],
    [
      'two auth methods',
      {
        targets: {
          static: [{ job: 'x', targets: ['a:1'], bearerToken: 't', basicAuth: { username: 'u', password: 'p' } }],
        },
      },
      'targets.static.0.bearerToken',
    ],
    ['url mode without url', { targets: { kubernetes: { enabled: true, mode: 'url' } } }, 'targets.kubernetes.url'],
    [
      'API token file outside url mode',
      { targets: { kubernetes: { enabled: true, tokenFile: '/t' } } },
      'targets.kubernetes.tokenFile',
    ],
    [
      'invalid relabel regex',
      { relabel_configs: [{ source_labels: ['a'], regex: '(', target_label: 'b' }] },
      'relabel_configs.0.regex',
    ],
    ['keyShards negative', { publish: { keyShards: -1 } }, 'publish.keyShards'],
  ])('%s: the error names the key', (_name, overrides, key) => {
    const found = problems({ ...base, ...overrides });
    expect(found.some((p) => p.startsWith(`${key}:`) || p.startsWith(`${key}.`))).toBe(true);
  });

  it('the loader reports the offending key', () => {
    expect(() =>
      loadConfig(CollectorMetricsConfig, { file: REPO_CONFIG, env: { DAYTWO__SCRAPE__TIMEOUT: '1h' } }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig(CollectorMetricsConfig, { file: REPO_CONFIG, env: { DAYTWO__SCRAPE__TIMEOUT: '1h' } }),
    ).toThrow(/scrape\.timeout/);
  });
});
