import { dropInternalLabels, relabel, type RelabelConfig } from '@daytwo/core';
import type { ScrapeJob } from '../scrape/scrape-job';
import type { ScrapeTarget } from '../scrape/scrape-target';
import { targetIdentity } from '../scrape/series-identity';
import type { TargetGroup } from './target-group';

export type TargetBuildResult =
  { kind: 'target'; target: ScrapeTarget } | { kind: 'dropped' } | { kind: 'invalid'; reason: string };

const PARAM_PREFIX = '__param_';

function withDefaults(labels: Record<string, string>, job: ScrapeJob): Record<string, string> {
  const out = { ...labels };
  const setDefault = (name: string, value: string) => {
    if (!out[name]) out[name] = value;
  };
  setDefault('job', job.job);
  setDefault('__scheme__', job.scheme);
  setDefault('__metrics_path__', job.metricsPath);
  for (const [name, value] of Object.entries(job.params)) setDefault(`${PARAM_PREFIX}${name}`, value);
  return out;
}

/** `host`, `host:port` or `[v6]:port`: no scheme, path, query or user part. */
function checkAddress(address: string, scheme: string): string | undefined {
  if (/[/?#@\s]/.test(address)) return `__address__ ${JSON.stringify(address)} must be host or host:port`;
  try {
    const url = new URL(`${scheme}://${address}`);
    if (url.hostname === '') return `__address__ ${JSON.stringify(address)} has no host`;
  } catch {
    return `__address__ ${JSON.stringify(address)} is not a valid host:port`;
  }
  return undefined;
}

function scrapeUrl(scheme: string, address: string, path: string, labels: Record<string, string>): string {
  const url = new URL(`${scheme}://${address}`);
  url.pathname = path;
  for (const [name, value] of Object.entries(labels)) {
    if (name.startsWith(PARAM_PREFIX)) url.searchParams.set(name.slice(PARAM_PREFIX.length), value);
  }
  return url.toString();
}

/**
 * One target the Prometheus way: group labels + target labels + job defaults (`job`, `__scheme__`,
 * `__metrics_path__`, `__param_*`) → `relabel_configs` → `instance` defaults to `__address__` → labels starting with
 * `__` dropped. Sharding across collectors is a `hashmod` + `keep` rule here.
 */
export function buildTarget(
  group: Pick<TargetGroup, 'labels'>,
  targetLabels: Readonly<Record<string, string>>,
  job: ScrapeJob,
  relabelConfigs: readonly RelabelConfig[],
): TargetBuildResult {
  const relabeled = relabel(withDefaults({ ...group.labels, ...targetLabels }, job), relabelConfigs);
  if (relabeled === null) return { kind: 'dropped' };
  const address = relabeled['__address__'];
  if (!address) return { kind: 'invalid', reason: 'no __address__ label after relabeling' };
  const scheme = relabeled['__scheme__'] ?? '';
  if (scheme !== 'http' && scheme !== 'https') {
    return { kind: 'invalid', reason: `__scheme__ ${JSON.stringify(scheme)} must be http or https` };
  }
  const problem = checkAddress(address, scheme);
  if (problem) return { kind: 'invalid', reason: problem };
  const path = relabeled['__metrics_path__'] ?? '';
  if (!path.startsWith('/'))
    return { kind: 'invalid', reason: `__metrics_path__ ${JSON.stringify(path)} must start with /` };

  const labels = dropInternalLabels(relabeled);
  if (!labels['instance']) labels['instance'] = address;
  const url = scrapeUrl(scheme, address, path, relabeled);
  const { key, hash } = targetIdentity(labels, url);
  return { kind: 'target', target: { key, hash, labels, url, job } };
}
