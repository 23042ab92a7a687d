import { AlerterConfig } from '../../services/alerter/src/config';
import { CollectorLogsConfig } from '../../services/collector-logs/src/config';
import { CollectorMetricsConfig } from '../../services/collector-metrics/src/config';
import { processorServiceConfigSchema } from '../../services/processor/src/config';
import { SinkConfig } from '../../services/sink/src/config';
import { containerView, effectiveConfig } from './k8s/effective-config';
import { build, OVERLAYS, podSpec, WORKLOADS, type Workload } from './k8s/manifests';
import { allowedRules, openedPorts } from './k8s/network-policy';
import { isRecord, podTemplateOf } from './k8s/objects';

// Each pod's configuration as its service would load it (its ConfigMap file, its environment, the example Secret's
// values behind ${file:} references), validated by the service's own schema; then its endpoints against its
// NetworkPolicies and its metrics port against its container port.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { JobConfig } = require('../../bin/create-topics.js') as { JobConfig: typeof CollectorLogsConfig };
const SCHEMAS: Record<Workload, { safeParse: unknown } & Parameters<typeof effectiveConfig>[1]> = {
  'collector-logs': CollectorLogsConfig,
  'collector-metrics': CollectorMetricsConfig,
  processor: processorServiceConfigSchema({ configDir: '/etc/daytwo', cwd: '/app' }),
  sink: SinkConfig,
  alerter: AlerterConfig,
  'create-topics': JobConfig,
};
const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'redis:': 6379, 'rediss:': 6379 };
const cases = OVERLAYS.flatMap((dir) => WORKLOADS.map((w) => [dir, w] as [string, Workload]));

/** Every `host:port` the service connects to: Kafka brokers and the URLs of its outputs (not `links`, for people). */
function endpoints(node: unknown, path = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => endpoints(n, `${path}[${i}]`));
  if (isRecord(node))
    return Object.entries(node).flatMap(([k, v]) => (k === 'links' ? [] : endpoints(v, `${path}.${k}`)));
  if (typeof node !== 'string') return [];
  if (/\.kafka\.brokers\[\d+\]$/.test(path)) return [node];
  if (!/\.(url|node|queryUrl)$/.test(path)) return [];
  const url = new URL(node);
  return [`${url.hostname}:${url.port === '' ? DEFAULT_PORTS[url.protocol] : url.port}`];
}

describe.each(cases)('%s %s', (dir, name) => {
  const objects = build(dir);
  let loaded: Record<string, unknown> | undefined;
  // Loaded in the tests, so that a configuration error fails them with its message (naming the key).
  const config = () =>
    (loaded ??= effectiveConfig(containerView(objects, name), SCHEMAS[name]) as Record<string, unknown>);

  it('starts: the service schema accepts the mounted file with the pod environment and secrets', () => {
    expect(config().kafka).toBeDefined();
    if (dir === 'overlays/prod') {
      // The password was read from the mounted Secret file, the Kafka connection is TLS.
      expect(config().kafka).toMatchObject({ sasl: { mechanism: 'scram-sha-512' }, tls: { rejectUnauthorized: true } });
    }
  });

  it('connects only to endpoints its NetworkPolicies open, none of them on the loopback address', () => {
    const labels = podTemplateOf(objects.find((o) => o.metadata.name === name && podTemplateOf(o))!)!.metadata!.labels!;
    const opened = openedPorts(allowedRules(objects, labels, 'Egress'));
    const targets = endpoints(config());
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(target).not.toMatch(/^(127\.|localhost:)/);
      expect([target, opened]).toEqual([target, expect.arrayContaining([`TCP/${target.split(':').pop()}`])]);
    }
  });

  if (name !== 'create-topics') {
    it('serves /metrics, /healthz and /readyz on the container port named metrics', () => {
      const port = podSpec(objects, name).containers[0]!.ports!.find((p) => p.name === 'metrics')!.containerPort;
      expect((config().telemetry as { metrics: { port: number } }).metrics.port).toBe(port);
    });
  }
});
