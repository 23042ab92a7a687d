import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NODE_OPTIONS } from '@daytwo/core';
import { parse } from 'yaml';
import { build, OVERLAYS, podSpec, SERVICES } from './k8s/manifests';

// V8 flags cannot be set from inside a running process: the image passes them to every service.
const root = join(__dirname, '..', '..');

describe('services run with their V8 flags', () => {
  it('the image sets NODE_OPTIONS for its runtime stage', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toContain(`ENV NODE_OPTIONS=${SERVICE_NODE_OPTIONS}\n`);
  });

  it.each(OVERLAYS.flatMap((dir) => SERVICES.map((s) => [dir, s] as const)))(
    '%s %s: no manifest overrides NODE_OPTIONS',
    (dir, service) => {
      for (const c of podSpec(build(dir), service).containers) {
        expect(c.env?.find((e) => e.name === 'NODE_OPTIONS')).toBeUndefined();
      }
    },
  );

  it('docker-compose builds the daytwo services from that image and does not override NODE_OPTIONS', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { build?: { target?: string }; environment?: Record<string, string> }>;
    };
    for (const service of SERVICES) {
      expect(compose.services[service]?.build?.target).toBe('runtime');
      expect(compose.services[service]?.environment?.['NODE_OPTIONS']).toBeUndefined();
    }
  });
});
