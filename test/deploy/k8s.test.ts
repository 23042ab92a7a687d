import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { build, configFile, findObject, K8S_DIRS, OVERLAYS, podSpec, ROOT, SERVICES, WORKLOADS } from './k8s/manifests';
import { objectId, podTemplateOf, type K8sObject } from './k8s/objects';
import { validateAgainstSchemas, type SchemaResult } from './k8s/schema-validation';

// k8s/ is built offline by test/deploy/k8s/kustomize.ts (no cluster, no binary needed) and checked object by object;
// the build is compared with the real kustomize (kubectl's) so the offline one cannot drift from it.
const byId = (a: K8sObject, b: K8sObject) => objectId(a).localeCompare(objectId(b));

describe('kustomize build of k8s/', () => {
  it.each(OVERLAYS)('%s: the offline build is exactly what `kubectl kustomize` (kustomize v5) renders', (dir) => {
    const real = execFileSync('kubectl', ['kustomize', join(ROOT, 'k8s', dir)], { encoding: 'utf8' });
    const objects = parseAllDocuments(real).map((doc) => doc.toJS() as K8sObject);
    expect(build(dir).sort(byId)).toEqual(objects.sort(byId));
  });

  describe('against the Kubernetes API schemas (one validator process for all objects)', () => {
    const all = K8S_DIRS.flatMap((dir) => build(dir).map((object) => ({ dir, object })));
    const wrong: K8sObject[] = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 'http' }], selectr: {} } },
      {
        ...findObject(build('overlays/dev'), 'Deployment', 'sink'),
        spec: { template: { spec: { containers: [{}] } } },
      },
    ];
    let results: SchemaResult[] = [];
    beforeAll(() => {
      results = validateAgainstSchemas([...all.map((a) => a.object), ...wrong]);
    });

    it('finds no error in any object of the base and both overlays', () => {
      const failures = results
        .slice(0, all.length)
        .flatMap((r, i) => r.errors.map((e) => `${all[i]!.dir} ${r.id}: ${e}`));
      expect(failures).toEqual([]);
      expect(results).toHaveLength(all.length + wrong.length);
    });

    it('reports wrong types, missing required fields and fields the API does not define', () => {
      const [service, deployment] = results.slice(all.length);
      expect(service!.errors).toEqual([
        expect.stringContaining('spec/ports/0/port must be integer'),
        '.spec.selectr: unknown field of V1ServiceSpec',
      ]);
      expect(deployment!.errors.join('\n')).toMatch(/required property selector[\s\S]*required property name/);
    });
  });

  it.each(OVERLAYS)('%s: each service reads its own ConfigMap, holding config/<service>.yaml byte for byte', (dir) => {
    const objects = build(dir);
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap');
    expect(configMaps).toHaveLength(SERVICES.length);
    for (const service of SERVICES) {
      const spec = podSpec(objects, service);
      const volume = spec.volumes!.find((v) => v.configMap !== undefined)!;
      const cm = findObject(objects, 'ConfigMap', volume.configMap!.name);
      // The content hash in the name rolls the pods out when the file changes.
      expect(cm.metadata.name).toMatch(new RegExp(`^daytwo-${service}-config-[a-z0-9]{10}$`));
      expect(cm.data).toEqual({ [`${service}.yaml`]: configFile(service) });
      const mount = spec.containers[0]!.volumeMounts!.find((m) => m.name === volume.name)!;
      expect([mount.mountPath, mount.readOnly]).toEqual(['/etc/daytwo', true]);
      expect(spec.containers[0]!.args).toEqual([service, '--config', `/etc/daytwo/${service}.yaml`]);
    }
  });

  it.each([
    ['overlays/dev', 'daytwo:dev'],
    ['overlays/prod', 'daytwo:0.1.0'],
  ])('%s: every container runs the one image (%s), the Job a script that the image contains', (dir, image) => {
    const objects = build(dir);
    for (const w of WORKLOADS) expect(podSpec(objects, w).containers.map((c) => c.image)).toEqual([image]);
    const job = podSpec(objects, 'create-topics').containers[0]!;
    expect(job.command).toEqual(['node', '/app/bin/create-topics.js']);
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    expect(dockerfile).toMatch(/^COPY bin bin$/m);
    expect(existsSync(join(ROOT, 'bin', 'create-topics.js'))).toBe(true);
  });

  it.each(OVERLAYS)('%s: has every workload, and Services, budgets and autoscalers for them', (dir) => {
    const objects = build(dir);
    const kinds = Object.fromEntries(
      WORKLOADS.map((w) => [w, objects.find((o) => o.metadata.name === w && podTemplateOf(o))?.kind]),
    );
    expect(kinds).toEqual({
      'collector-logs': 'DaemonSet',
      'collector-metrics': 'Deployment',
      processor: 'Deployment',
      sink: 'Deployment',
      alerter: 'Deployment',
      'create-topics': 'Job',
    });
    expect(
      objects.every((o) => o.kind === 'Namespace' || o.kind.startsWith('Cluster') || o.metadata.namespace === 'daytwo'),
    ).toBe(true);
    for (const service of SERVICES) {
      const svc = findObject(objects, 'Service', service).spec as {
        selector: object;
        ports: { port: number; targetPort: string }[];
      };
      const port = podSpec(objects, service).containers[0]!.ports!.find((p) => p.name === 'metrics')!;
      expect(svc.selector).toEqual({ 'app.kubernetes.io/name': service });
      expect(svc.ports).toEqual([{ name: 'metrics', port: port.containerPort, targetPort: 'metrics' }]);
    }
    const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata.name);
    expect(budgets.sort()).toEqual(['alerter', 'collector-metrics', 'processor', 'sink']);
    const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(autoscalers.map((o) => [o.apiVersion, o.metadata.name]).sort()).toEqual([
      ['autoscaling/v2', 'processor'],
      ['autoscaling/v2', 'sink'],
    ]);
    for (const hpa of autoscalers) {
      // A replica count in the Deployment would fight the autoscaler on every apply.
      expect(
        (findObject(objects, 'Deployment', hpa.metadata.name).spec as { replicas?: number }).replicas,
      ).toBeUndefined();
    }
  });
});
