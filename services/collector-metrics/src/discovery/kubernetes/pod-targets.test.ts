import { podTargets, sanitizeLabelName, type PodLike, type PodTargetsResult } from './pod-targets';

function pod(overrides: { annotations?: Record<string, string>; phase?: string; podIP?: string | null } = {}): PodLike {
  return {
    metadata: {
      name: 'web-7d4b9c',
      namespace: 'shop',
      uid: 'b2f1c1de-0000-4000-8000-000000000001',
      labels: { app: 'web', 'app.kubernetes.io/name': 'web-frontend' },
      annotations: overrides.annotations ?? { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' },
      ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7d4b', controller: true }],
    },
    spec: {
      nodeName: 'node-1',
      containers: [
        { name: 'web', image: 'shop/web:1.2', ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }] },
        {
          name: 'sidecar',
          image: 'envoy:1',
          ports: [
            { containerPort: 9901, name: 'admin' },
            { containerPort: 53, protocol: 'UDP' },
          ],
        },
      ],
    },
    status: {
      podIP: overrides.podIP === null ? undefined : (overrides.podIP ?? '10.1.2.3'),
      hostIP: '192.0.2.10',
      phase: overrides.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

const options = { podLabels: ['app.kubernetes.io/name', 'missing'] };

function group(result: PodTargetsResult) {
  if (result.kind !== 'group') throw new Error(`expected a group, got ${JSON.stringify(result)}`);
  return result.group;
}

describe('podTargets', () => {
  it('builds one target on the annotated port, with meta labels and namespace/pod/container/pod labels', () => {
    const g = group(podTargets(pod(), options));
    expect(g.source).toBe('pod/shop/web-7d4b9c');
    expect(g.targets).toEqual([
      expect.objectContaining({
        __address__: '10.1.2.3:8080',
        container: 'web',
        __meta_kubernetes_pod_container_name: 'web',
        __meta_kubernetes_pod_container_port_name: 'http',
        __meta_kubernetes_pod_container_port_number: '8080',
        __meta_kubernetes_pod_container_port_protocol: 'TCP',
        __meta_kubernetes_pod_container_image: 'shop/web:1.2',
      }),
    ]);
    expect(g.labels).toMatchObject({
      namespace: 'shop',
      pod: 'web-7d4b9c',
      app_kubernetes_io_name: 'web-frontend',
      __meta_kubernetes_namespace: 'shop',
      __meta_kubernetes_pod_name: 'web-7d4b9c',
      __meta_kubernetes_pod_ip: '10.1.2.3',
      __meta_kubernetes_pod_uid: 'b2f1c1de-0000-4000-8000-000000000001',
      __meta_kubernetes_pod_node_name: 'node-1',
      __meta_kubernetes_pod_host_ip: '192.0.2.10',
      __meta_kubernetes_pod_phase: 'Running',
      __meta_kubernetes_pod_ready: 'true',
      __meta_kubernetes_pod_label_app: 'web',
      __meta_kubernetes_pod_labelpresent_app: 'true',
      __meta_kubernetes_pod_label_app_kubernetes_io_name: 'web-frontend',
      __meta_kubernetes_pod_annotation_prometheus_io_port: '8080',
      __meta_kubernetes_pod_annotationpresent_prometheus_io_scrape: 'true',
      __meta_kubernetes_pod_controller_kind: 'ReplicaSet',
      __meta_kubernetes_pod_controller_name: 'web-7d4b',
    });
    expect(g.labels).not.toHaveProperty('app');
    expect(g.labels).not.toHaveProperty('missing');
  });

  it('takes path and scheme from the annotations', () => {
    const annotations = {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9901',
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/scheme': 'https',
    };
    const g = group(podTargets(pod({ annotations }), options));
    expect(g.labels).toMatchObject({ __metrics_path__: '/stats/prometheus', __scheme__: 'https' });
    expect(g.targets).toEqual([expect.objectContaining({ __address__: '10.1.2.3:9901', container: 'sidecar' })]);
  });

  it('without a port annotation, targets every declared TCP port', () => {
    const g = group(podTargets(pod({ annotations: { 'prometheus.io/scrape': 'true' } }), options));
    expect(g.targets.map((t) => [t['__address__'], t['container']])).toEqual([
      ['10.1.2.3:8080', 'web'],
      ['10.1.2.3:9901', 'sidecar'],
    ]);
  });

  it('an annotated port no container declares goes to the first container', () => {
    const annotations = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '7000' };
    const g = group(podTargets(pod({ annotations }), options));
    expect(g.targets).toEqual([expect.objectContaining({ __address__: '10.1.2.3:7000', container: 'web' })]);
    expect(g.targets[0]).not.toHaveProperty('__meta_kubernetes_pod_container_port_name');
  });

  it('brackets IPv6 pod addresses', () => {
    const g = group(podTargets(pod({ podIP: 'fd00::12' }), options));
    expect(g.targets[0]?.['__address__']).toBe('[fd00::12]:8080');
  });

  it.each<[string, Parameters<typeof pod>[0], PodTargetsResult['kind']]>([
    ['no annotations', { annotations: {} }, 'ignored'],
    ['scrape annotation false', { annotations: { 'prometheus.io/scrape': 'false' } }, 'ignored'],
    ['no pod IP yet (pending)', { podIP: null, phase: 'Pending' }, 'ignored'],
    ['succeeded', { phase: 'Succeeded' }, 'ignored'],
    ['failed', { phase: 'Failed' }, 'ignored'],
    [
      'port annotation not a number',
      { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': 'http' } },
      'invalid',
    ],
    [
      'port out of range',
      { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '70000' } },
      'invalid',
    ],
    [
      'scheme not http(s)',
      { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/scheme': 'ftp' } },
      'invalid',
    ],
    [
      'path not absolute',
      { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/path': 'metrics' } },
      'invalid',
    ],
  ])('%s → %s', (_name, overrides, kind) => {
    expect(podTargets(pod(overrides), options).kind).toBe(kind);
  });
});

describe('sanitizeLabelName', () => {
  it.each([
    ['app.kubernetes.io/name', 'app_kubernetes_io_name'],
    ['prometheus.io/scrape', 'prometheus_io_scrape'],
    ['plain_name1', 'plain_name1'],
    ['with-dash', 'with_dash'],
  ])('%s → %s', (name, sanitized) => expect(sanitizeLabelName(name)).toBe(sanitized));
});
