import { build, configFile, OVERLAYS, podSpec, SERVICES, WORKLOADS, type Workload } from './k8s/manifests';
import { allContainers } from './k8s/objects';
import { parse } from 'yaml';

// The restricted Pod Security Standard, checked pod by pod (the namespace cannot enforce it: collector-logs needs
// hostPath volumes, the one exception), plus the resources and probes every container must have.
const RESTRICTED_VOLUME_TYPES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];
const cases = OVERLAYS.flatMap((dir) => WORKLOADS.map((w) => [dir, w] as [string, Workload]));
const serviceCases = OVERLAYS.flatMap((dir) => SERVICES.map((s) => [dir, s] as [string, Workload]));

describe('pods of k8s/overlays', () => {
  it.each(cases)(
    '%s %s: non-root, read-only root, no escalation, no capabilities, RuntimeDefault seccomp',
    (dir, name) => {
      const spec = podSpec(build(dir), name);
      const pod = spec.securityContext ?? {};
      expect(pod).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
      for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) expect(spec[key]).toBeFalsy();
      for (const c of allContainers(spec)) {
        const sc = c.securityContext ?? {};
        expect({ container: c.name, ...sc }).toEqual({
          container: c.name,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect((c.ports ?? []).some((p) => 'hostPort' in p)).toBe(false);
        // The root file system is read-only: /tmp is the one writable place besides declared state.
        const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
        expect(spec.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
      }
    },
  );

  it.each(cases)(
    '%s %s: uses only the volume types the restricted standard admits (collector-logs: + hostPath)',
    (dir, name) => {
      const spec = podSpec(build(dir), name);
      const allowed = name === 'collector-logs' ? [...RESTRICTED_VOLUME_TYPES, 'hostPath'] : RESTRICTED_VOLUME_TYPES;
      for (const volume of spec.volumes ?? []) {
        const types = Object.keys(volume).filter((k) => k !== 'name');
        expect(types.every((t) => allowed.includes(t))).toBe(true);
      }
    },
  );

  it.each(cases)('%s %s: requests and limits cpu and memory, requests at most the limits', (dir, name) => {
    const toMilli = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);
    const toBytes = (q: string) => {
      const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
      const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(q);
      return Number(m![1]) * (units[m![2] ?? ''] ?? 1);
    };
    for (const c of allContainers(podSpec(build(dir), name))) {
      const { requests = {}, limits = {} } = c.resources ?? {};
      for (const r of ['cpu', 'memory']) {
        expect([c.name, r, typeof requests[r], typeof limits[r]]).toEqual([c.name, r, 'string', 'string']);
      }
      expect(toMilli(requests.cpu!)).toBeLessThanOrEqual(toMilli(limits.cpu!));
      expect(toBytes(requests.memory!)).toBeLessThanOrEqual(toBytes(limits.memory!));
    }
  });

  it.each(serviceCases)('%s %s: liveness on /healthz and readiness on /readyz at the metrics port', (dir, name) => {
    for (const c of podSpec(build(dir), name).containers) {
      expect(c.ports?.map((p) => p.name)).toContain('metrics');
      expect(c.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    }
  });

  it.each(OVERLAYS)('%s: collector-logs runs on every node, knows its node and reads the logs read-only', (dir) => {
    const objects = build(dir);
    const spec = podSpec(objects, 'collector-logs');
    const container = spec.containers[0]!;
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(container.env?.find((e) => e.name === 'NODE_NAME')?.valueFrom).toEqual({
      fieldRef: { fieldPath: 'spec.nodeName' },
    });
    const checkpointDir = (parse(configFile('collector-logs')) as { checkpoint: { dir: string } }).checkpoint.dir;
    const hostMounts = (container.volumeMounts ?? [])
      .map((m) => ({ mount: m, hostPath: spec.volumes?.find((v) => v.name === m.name)?.hostPath }))
      .filter((m) => m.hostPath !== undefined)
      .map(({ mount, hostPath }) => [hostPath!.path, mount.mountPath, mount.readOnly ?? false]);
    expect(hostMounts).toEqual([
      ['/var/log/pods', '/var/log/pods', true],
      ['/var/log/containers', '/var/log/containers', true],
      [checkpointDir, checkpointDir, false],
    ]);
    // Not root: the log files are read through group 0 (container runtimes write them root:root 0640).
    expect(spec.securityContext?.supplementalGroups).toEqual([0]);
  });
});
