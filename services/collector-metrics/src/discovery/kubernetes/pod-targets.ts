import type { TargetGroup } from '../target-group';

/** The parts of a Kubernetes Pod that discovery reads (structurally a subset of the API's V1Pod). */
export interface PodLike {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind?: string; name?: string; controller?: boolean }[];
  };
  spec?: {
    nodeName?: string;
    containers?: {
      name?: string;
      image?: string;
      ports?: { containerPort?: number; name?: string; protocol?: string }[];
    }[];
  };
  status?: { podIP?: string; hostIP?: string; phase?: string; conditions?: { type?: string; status?: string }[] };
}

export const SCRAPE_ANNOTATION = 'prometheus.io/scrape';
export const PORT_ANNOTATION = 'prometheus.io/port';
export const PATH_ANNOTATION = 'prometheus.io/path';
export const SCHEME_ANNOTATION = 'prometheus.io/scheme';

const META = '__meta_kubernetes_';

export interface PodTargetOptions {
  /** Pod labels copied to target labels (names sanitized: `app.kubernetes.io/name` → `app_kubernetes_io_name`). */
  podLabels: readonly string[];
}

export type PodTargetsResult =
  | { kind: 'group'; group: TargetGroup }
  /** Not annotated for scraping, or not running: nothing to report. */
  | { kind: 'ignored' }
  /** Annotated, but the annotations cannot be used. */
  | { kind: 'invalid'; reason: string };

/** Prometheus' label name sanitizing: every character outside [a-zA-Z0-9_] becomes `_`. */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

function formatAddress(ip: string, port?: number): string {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return port === undefined ? host : `${host}:${port}`;
}

function podMetaLabels(pod: PodLike, name: string, namespace: string): Record<string, string> {
  const { metadata = {}, spec = {}, status = {} } = pod;
  const labels: Record<string, string> = {
    [`${META}namespace`]: namespace,
    [`${META}pod_name`]: name,
    [`${META}pod_ip`]: status.podIP ?? '',
    [`${META}pod_uid`]: metadata.uid ?? '',
    [`${META}pod_node_name`]: spec.nodeName ?? '',
    [`${META}pod_host_ip`]: status.hostIP ?? '',
    [`${META}pod_phase`]: status.phase ?? '',
    [`${META}pod_ready`]: String(status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false),
  };
  for (const [key, value] of Object.entries(metadata.labels ?? {})) {
    labels[`${META}pod_label_${sanitizeLabelName(key)}`] = value;
    labels[`${META}pod_labelpresent_${sanitizeLabelName(key)}`] = 'true';
  }
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
    labels[`${META}pod_annotation_${sanitizeLabelName(key)}`] = value;
    labels[`${META}pod_annotationpresent_${sanitizeLabelName(key)}`] = 'true';
  }
  const controller = metadata.ownerReferences?.find((ref) => ref.controller);
  if (controller) {
    labels[`${META}pod_controller_kind`] = controller.kind ?? '';
    labels[`${META}pod_controller_name`] = controller.name ?? '';
  }
  return labels;
}

type Container = NonNullable<NonNullable<PodLike['spec']>['containers']>[number];
type Port = NonNullable<Container['ports']>[number];

function containerTarget(address: string, container: Container | undefined, port: Port | undefined) {
  const labels: Record<string, string> = {
    __address__: address,
    [`${META}pod_container_name`]: container?.name ?? '',
    [`${META}pod_container_image`]: container?.image ?? '',
    [`${META}pod_container_init`]: 'false',
  };
  if (container?.name) labels['container'] = container.name;
  if (port) {
    labels[`${META}pod_container_port_name`] = port.name ?? '';
    labels[`${META}pod_container_port_number`] = String(port.containerPort ?? '');
    labels[`${META}pod_container_port_protocol`] = port.protocol ?? 'TCP';
  }
  return labels;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * The scrape targets of one pod, Prometheus style: pods annotated `prometheus.io/scrape: "true"` and running with an
 * IP. `prometheus.io/port` picks the port (else every declared TCP container port is a target, or the bare pod IP when
 * none is declared); `prometheus.io/path` and `prometheus.io/scheme` set `__metrics_path__` and `__scheme__`. Targets
 * carry `__meta_kubernetes_pod_*` meta labels plus `namespace`, `pod`, `container` and the configured pod labels.
 */
export function podTargets(pod: PodLike, options: PodTargetOptions): PodTargetsResult {
  const annotations = pod.metadata?.annotations ?? {};
  if (annotations[SCRAPE_ANNOTATION] !== 'true') return { kind: 'ignored' };
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace ?? '';
  const ip = pod.status?.podIP;
  const phase = pod.status?.phase;
  if (!ip || phase === 'Succeeded' || phase === 'Failed') return { kind: 'ignored' };

  const labels = podMetaLabels(pod, name, namespace);
  labels['namespace'] = namespace;
  labels['pod'] = name;
  for (const key of options.podLabels) {
    const value = pod.metadata?.labels?.[key];
    if (value !== undefined) labels[sanitizeLabelName(key)] = value;
  }
  const scheme = annotations[SCHEME_ANNOTATION];
  if (scheme !== undefined) {
    if (scheme !== 'http' && scheme !== 'https')
      return { kind: 'invalid', reason: `${SCHEME_ANNOTATION} must be http or https` };
    labels['__scheme__'] = scheme;
  }
  const path = annotations[PATH_ANNOTATION];
  if (path !== undefined) {
    if (!path.startsWith('/')) return { kind: 'invalid', reason: `${PATH_ANNOTATION} must start with /` };
    labels['__metrics_path__'] = path;
  }

  const containers = pod.spec?.containers ?? [];
  const declared = containers.flatMap((c) =>
    (c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => ({ container: c, port: p })),
  );
  const source = `pod/${namespace}/${name}`;
  const portAnnotation = annotations[PORT_ANNOTATION];
  if (portAnnotation !== undefined) {
    const port = parsePort(portAnnotation);
    if (port === undefined)
      return { kind: 'invalid', reason: `${PORT_ANNOTATION} ${JSON.stringify(portAnnotation)} is not a port` };
    const match = declared.find((d) => d.port.containerPort === port);
    const target = containerTarget(formatAddress(ip, port), match?.container ?? containers[0], match?.port);
    return { kind: 'group', group: { source, labels, targets: [target] } };
  }
  const targets =
    declared.length > 0
      ? declared.map((d) => containerTarget(formatAddress(ip, d.port.containerPort), d.container, d.port))
      : [containerTarget(formatAddress(ip), containers[0], undefined)];
  return { kind: 'group', group: { source, labels, targets } };
}
