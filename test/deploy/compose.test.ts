import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// docker compose cannot run on the build machines, so its file is checked for internal consistency instead.
const root = join(__dirname, '..', '..');
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  user?: string;
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const services = Object.entries(compose.services);
const daytwoServices = ['collector-logs', 'collector-metrics', 'processor', 'sink', 'alerter'];

/** The port each backing server listens on inside the compose network. */
const listenPorts: Record<string, number[]> = {
  kafka: [9092],
  elasticsearch: [9200],
  kibana: [5601],
  prometheus: [9090],
  alertmanager: [9093],
  redis: [6379],
};

describe('docker-compose.yml', () => {
  it('builds the five services from one Dockerfile stage that exists', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const built = services.filter(([, s]) => s.build).map(([name]) => name);
    expect(built.sort()).toEqual([...daytwoServices].sort());
    for (const [, s] of services.filter(([, svc]) => svc.build)) {
      expect(existsSync(join(root, s.build!.context, s.build!.dockerfile))).toBe(true);
      expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${s.build!.target}$`, 'm'));
    }
  });

  it.each(daytwoServices)('starts %s with its own entry point and a config file that exists', (name) => {
    const s = compose.services[name]!;
    expect(s.command?.[0]).toBe(name);
    expect(existsSync(join(root, 'services', name, 'src', 'main.ts'))).toBe(true);
    const configArg = s.command![s.command!.indexOf('--config') + 1];
    const mount = s.volumes?.find((v) => v.split(':')[1] === configArg);
    expect(mount).toBeDefined();
    const localFile = join(root, mount!.split(':')[0]!);
    expect(() => parse(readFileSync(localFile, 'utf8')) as unknown).not.toThrow();
  });

  it('references only services and volumes it defines, and waits only on health checks that exist', () => {
    for (const [, s] of services) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(compose.services[dep]).toBeDefined();
        if (condition === 'service_healthy') expect(compose.services[dep]!.healthcheck).toBeDefined();
      }
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(join(root, source))).toBe(true);
        else if (!source.startsWith('/')) expect(compose.volumes).toHaveProperty(source);
      }
    }
  });

  it('points every endpoint in the environment at a service and the port it listens on', () => {
    const endpoint = /(?:\/\/|^|")([a-z][a-z0-9-]*):(\d+)/g;
    let checked = 0;
    for (const [, s] of services) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (!key.startsWith('DAYTWO__')) continue;
        for (const [, host, port] of String(value).matchAll(endpoint)) {
          if (host === 'localhost') continue; // links shown to a person's browser
          expect(listenPorts[host!]).toContain(Number(port));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('publishes each host port once and runs the services without privileges', () => {
    const published = services.flatMap(([, s]) => s.ports ?? []).map((p) => p.split(':')[0]);
    expect(new Set(published).size).toBe(published.length);
    for (const name of daytwoServices) {
      const s = compose.services[name]!;
      expect((s as { cap_drop?: string[] }).cap_drop).toEqual(['ALL']);
      expect((s as { read_only?: boolean }).read_only).toBe(true);
    }
  });
});
