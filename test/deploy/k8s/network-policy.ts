import type { K8sObject } from './objects';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
export interface PolicyRule {
  ports?: { protocol?: string; port?: number | string }[];
  to?: PolicyPeer[];
  from?: PolicyPeer[];
}
interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  egress?: PolicyRule[];
  ingress?: PolicyRule[];
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => {
    if (e.operator === 'In') return e.values?.includes(labels[e.key] ?? '') ?? false;
    if (e.operator === 'NotIn') return !(e.values?.includes(labels[e.key] ?? '') ?? false);
    if (e.operator === 'Exists') return e.key in labels;
    if (e.operator === 'DoesNotExist') return !(e.key in labels);
    throw new Error(`operator ${e.operator}`);
  });
  return byLabel && byExpression;
}

export function policiesOf(objects: readonly K8sObject[]): { name: string; spec: NetworkPolicySpec }[] {
  return objects
    .filter((o) => o.kind === 'NetworkPolicy')
    .map((o) => ({ name: o.metadata.name, spec: o.spec as NetworkPolicySpec }));
}

/** The rules that allow traffic of one direction for pods with these labels (the union of every selecting policy). */
export function allowedRules(
  objects: readonly K8sObject[],
  labels: Record<string, string>,
  direction: 'Egress' | 'Ingress',
): PolicyRule[] {
  return policiesOf(objects)
    .filter(({ spec }) => selects(spec.podSelector, labels) && (spec.policyTypes ?? []).includes(direction))
    .flatMap(({ spec }) => (direction === 'Egress' ? spec.egress : spec.ingress) ?? []);
}

/** `TCP/9092`-style names of the ports a rule list opens; a rule without ports opens `any`. */
export function openedPorts(rules: readonly PolicyRule[]): string[] {
  const ports = rules.flatMap((r) =>
    r.ports === undefined ? ['any'] : r.ports.map((p) => `${p.protocol ?? 'TCP'}/${String(p.port)}`),
  );
  return [...new Set(ports)].sort();
}
