import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allowedRules, openedPorts, policiesOf } from './k8s/network-policy';
import {
  build,
  findObject,
  OVERLAYS,
  podSpec,
  ROOT,
  SECRET_DIR,
  SECRET_NAME,
  secretExample,
  WORKLOADS,
} from './k8s/manifests';
import { allContainers, isRecord, podTemplateOf, type K8sObject } from './k8s/objects';

// Who may do what: API rights (RBAC), credentials (the Secret), network flows (NetworkPolicies).
const READ = ['get', 'list', 'watch'];
/** What the code asks the API server for (shared/core/src/kubernetes/resource-specs.ts); nobody else gets a token. */
const RBAC: Record<string, { apiGroups: string[]; resources: string[]; verbs: string[] }[]> = {
  'daytwo-collector-metrics': [{ apiGroups: [''], resources: ['pods'], verbs: READ }],
  'daytwo-processor': [
    { apiGroups: [''], resources: ['pods'], verbs: READ },
    { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
    { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'] },
  ],
};
const DNS = ['TCP/53', 'UDP/53'];
const EGRESS: Record<string, string[]> = {
  'collector-logs': [...DNS, 'TCP/9092'],
  'collector-metrics': [...DNS, 'TCP/9092', 'TCP/443', 'TCP/6443', 'any'],
  processor: [...DNS, 'TCP/9092', 'TCP/6379', 'TCP/443', 'TCP/6443'],
  sink: [...DNS, 'TCP/9092', 'TCP/6379', 'TCP/9200', 'TCP/9090'],
  alerter: [...DNS, 'TCP/9092', 'TCP/6379', 'TCP/9093', 'TCP/443'],
  'create-topics': [...DNS, 'TCP/9092'],
};
const labelsOf = (objects: K8sObject[], name: string) =>
  podTemplateOf(objects.find((o) => o.metadata.name === name && podTemplateOf(o))!)!.metadata!.labels!;

describe.each(OVERLAYS)('%s', (dir) => {
  const objects = build(dir);

  it('grants read access to exactly what the code reads, to collector-metrics and processor only', () => {
    const roles = objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');
    expect(Object.fromEntries(roles.map((r) => [r.metadata.name, r.rules]))).toEqual(RBAC);
    for (const binding of objects.filter((o) => o.kind.endsWith('RoleBinding'))) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: binding.metadata.name, namespace: 'daytwo' }]);
      expect(binding.roleRef).toMatchObject({ kind: 'ClusterRole', name: binding.metadata.name });
    }
    const granted = JSON.stringify(roles.map((r) => r.rules));
    expect(granted).not.toContain('*');
  });

  it('gives each workload its own ServiceAccount, and an API token only where RBAC grants something', () => {
    const accounts = WORKLOADS.map((w) => podSpec(objects, w).serviceAccountName);
    expect(accounts).toEqual(WORKLOADS.map((w) => `daytwo-${w}`));
    for (const [w, account] of WORKLOADS.map((x, i) => [x, accounts[i]!] as const)) {
      const sa = findObject(objects, 'ServiceAccount', account);
      const needsToken = account in RBAC;
      expect([w, podSpec(objects, w).automountServiceAccountToken]).toEqual([w, needsToken]);
      expect([w, sa.automountServiceAccountToken ?? true]).toEqual([w, needsToken]);
    }
  });

  it('mounts credentials only from keys of secret.example.yaml, and every secret reference names a mounted key', () => {
    const keys = Object.keys(secretExample().values);
    const used = new Set<string>();
    for (const w of WORKLOADS) {
      const spec = podSpec(objects, w);
      const secretVolumes = (spec.volumes ?? []).filter((v) => v.secret !== undefined);
      expect(secretVolumes.map((v) => v.secret!.secretName)).toEqual([SECRET_NAME]);
      const mounted = secretVolumes[0]!.secret!.items!.map((i) => i.key);
      expect(mounted.every((k) => keys.includes(k))).toBe(true);
      for (const k of mounted) used.add(k);
      const mount = spec.containers[0]!.volumeMounts!.find((m) => m.name === secretVolumes[0]!.name)!;
      expect([mount.mountPath, mount.readOnly]).toEqual([SECRET_DIR, true]);
      if (dir === 'overlays/prod') expect(secretVolumes[0]!.secret!.optional).toBe(false);
      for (const c of allContainers(spec)) {
        for (const e of c.env ?? []) {
          expect(e.valueFrom === undefined || 'fieldRef' in (e.valueFrom as object)).toBe(true);
          const refs = [...(e.value ?? '').matchAll(/\$\{file:([^}]*)\}|^(\/run\/secrets\/.*)$/g)].map(
            (m) => m[1] ?? m[2],
          );
          for (const path of refs) {
            const key = path!.startsWith(`${SECRET_DIR}/`) ? path!.slice(SECRET_DIR.length + 1) : '';
            expect([w, e.name, path, mounted.includes(key)]).toEqual([w, e.name, path, true]);
          }
          // A credential is never a literal value in the manifests.
          if (/PASSWORD|HMAC|TOKEN|API_KEY|SECRET/.test(e.name)) expect([e.name, refs.length]).toEqual([e.name, 1]);
        }
      }
    }
    // Every key of the example is mounted somewhere: the example lists nothing that is not needed.
    expect([...used].sort()).toEqual([...keys].sort());
  });

  it('keeps the Secret out of the build and credentials out of the ConfigMaps', () => {
    const kustomization = parse(readFileSync(join(ROOT, 'k8s', 'base', 'kustomization.yaml'), 'utf8')) as object;
    expect(kustomization).toHaveProperty('resources');
    expect(kustomization).not.toHaveProperty('resources', expect.arrayContaining(['secret.example.yaml']));
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(secretExample().object).toMatchObject({
      kind: 'Secret',
      metadata: { name: SECRET_NAME, namespace: 'daytwo' },
    });
    const literalSecrets: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
      else if (isRecord(node)) for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
      else if (/(password|secret|token|apikey|hmac)$/i.test(path) && !/^\$\{(file|env):/.test(String(node)))
        literalSecrets.push(path);
    };
    for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) {
      for (const [file, text] of Object.entries(cm.data as Record<string, string>)) walk(parse(text), file);
    }
    expect(literalSecrets).toEqual([]);
  });

  it('denies all traffic by default and lets each workload reach only its part of the data path', () => {
    const deny = policiesOf(objects).find((p) => p.name === 'default-deny')!.spec;
    expect(deny).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    for (const w of WORKLOADS) {
      const rules = allowedRules(objects, labelsOf(objects, w), 'Egress');
      expect([w, openedPorts(rules)]).toEqual([w, [...EGRESS[w]!].sort()]);
      for (const rule of rules) {
        const dns = rule.ports?.some((p) => p.port === 53);
        if (dns)
          expect(rule.to).toEqual([
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ]);
        // The one rule without ports (scrapes) reaches pods only, never an address block.
        if (rule.ports === undefined) expect(rule.to).toEqual([{ namespaceSelector: {} }]);
      }
    }
  });

  it('lets only Prometheus and collector-metrics in, on the metrics port', () => {
    for (const w of WORKLOADS) {
      const rules = allowedRules(objects, labelsOf(objects, w), 'Ingress');
      if (w === 'create-topics') expect(rules).toEqual([]);
      else {
        expect([w, openedPorts(rules)]).toEqual([w, ['TCP/metrics']]);
        expect(
          rules.flatMap((r) => r.from ?? []).map((p) => p.podSelector?.matchLabels?.['app.kubernetes.io/name']),
        ).toEqual(['prometheus', 'collector-metrics']);
      }
    }
  });
});
