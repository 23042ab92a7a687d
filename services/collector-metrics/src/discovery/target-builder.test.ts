import { parseRelabelConfigs } from '@daytwo/core';
import { ScrapeJob } from '../scrape/scrape-job';
import { buildTarget, type TargetBuildResult } from './target-builder';

const job = ScrapeJob.parse({ job: 'node' });

function target(result: TargetBuildResult) {
  if (result.kind !== 'target') throw new Error(`expected a target, got ${JSON.stringify(result)}`);
  return result.target;
}

describe('buildTarget', () => {
  it('adds job and instance, builds the URL and drops internal labels', () => {
    const t = target(
      buildTarget({ labels: { env: 'prod', __meta_x: 'm' } }, { __address__: '10.0.0.1:9100' }, job, []),
    );
    expect(t.labels).toEqual({ job: 'node', instance: '10.0.0.1:9100', env: 'prod' });
    expect(t.url).toBe('http://10.0.0.1:9100/metrics');
  });

  it('target labels win over group labels', () => {
    const t = target(buildTarget({ labels: { env: 'prod' } }, { __address__: 'a:1', env: 'dev' }, job, []));
    expect(t.labels['env']).toBe('dev');
  });

  it('uses scheme, path and params of the job, and the __scheme__/__metrics_path__ labels over them', () => {
    const secure = ScrapeJob.parse({
      job: 'x',
      scheme: 'https',
      metricsPath: '/probe',
      params: { module: 'http_2xx' },
    });
    expect(target(buildTarget({ labels: {} }, { __address__: 'h:443' }, secure, [])).url).toBe(
      'https://h/probe?module=http_2xx',
    );
    const overridden = { __address__: 'h:8443', __metrics_path__: '/m', __scheme__: 'http', __param_module: 'tcp' };
    expect(target(buildTarget({ labels: {} }, overridden, secure, [])).url).toBe('http://h:8443/m?module=tcp');
  });

  it('relabel_configs see meta labels and can set instance and job', () => {
    const rules = parseRelabelConfigs([
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'instance' },
      { target_label: 'job', replacement: 'pods' },
    ]);
    const t = target(
      buildTarget({ labels: { __meta_kubernetes_pod_name: 'web-1' } }, { __address__: '10.0.0.2:80' }, job, rules),
    );
    expect(t.labels).toEqual({ job: 'pods', instance: 'web-1' });
  });

  it('the identity depends on the final labels and URL only', () => {
    const one = target(buildTarget({ labels: { __meta_a: '1' } }, { __address__: 'a:1' }, job, []));
    const two = target(buildTarget({ labels: { __meta_a: '2' } }, { __address__: 'a:1' }, job, []));
    const other = target(buildTarget({ labels: {} }, { __address__: 'a:2' }, job, []));
    expect(one.key).toBe(two.key);
    expect(one.hash).toBe(two.hash);
    expect(other.key).not.toBe(one.key);
  });

  it.each<[string, Record<string, string>, unknown[], string]>([
    ['no address', { foo: 'x' }, [], 'invalid'],
    ['address with a path', { __address__: 'a:1/metrics' }, [], 'invalid'],
    ['address with a scheme', { __address__: 'http://a:1' }, [], 'invalid'],
    ['unknown scheme', { __address__: 'a:1', __scheme__: 'ftp' }, [], 'invalid'],
    ['relative path', { __address__: 'a:1', __metrics_path__: 'metrics' }, [], 'invalid'],
    [
      'dropped by a keep rule',
      { __address__: 'a:1' },
      [{ source_labels: ['env'], regex: 'prod', action: 'keep' }],
      'dropped',
    ],
  ])('%s → %s', (_name, labels, rules, kind) => {
    expect(buildTarget({ labels: {} }, labels, job, parseRelabelConfigs(rules)).kind).toBe(kind);
  });

  it('hashmod shards targets over collectors: each target is kept by exactly one', () => {
    const shardRules = (shard: number) =>
      parseRelabelConfigs([
        { source_labels: ['__address__'], modulus: 3, target_label: '__tmp_shard', action: 'hashmod' },
        { source_labels: ['__tmp_shard'], regex: String(shard), action: 'keep' },
      ]);
    const addresses = Array.from({ length: 60 }, (_, i) => `10.0.${i}.1:9100`);
    const kept = [0, 1, 2].map((shard) =>
      addresses.filter(
        (a) => buildTarget({ labels: {} }, { __address__: a }, job, shardRules(shard)).kind === 'target',
      ),
    );
    expect(kept.flat().sort()).toEqual([...addresses].sort());
    for (const shard of kept) expect(shard.length).toBeGreaterThan(5);
  });
});
