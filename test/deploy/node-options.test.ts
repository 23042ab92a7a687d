import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTOR_NODE_OPTIONS } from '@daytwo/collector-logs';
import { parse } from 'yaml';
import { build, OVERLAYS, podSpec } from './k8s/manifests';

// V8 flags cannot be set from inside a running process: each way of starting the collector must pass them itself.
describe('collector-logs runs with its V8 flags', () => {
  it.each(OVERLAYS)('%s: the DaemonSet sets NODE_OPTIONS', (dir) => {
    const container = podSpec(build(dir), 'collector-logs').containers[0]!;
    expect(container.env?.find((e) => e.name === 'NODE_OPTIONS')?.value).toBe(COLLECTOR_NODE_OPTIONS);
  });

  it('docker-compose sets NODE_OPTIONS', () => {
    const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    expect(compose.services['collector-logs']?.environment?.['NODE_OPTIONS']).toBe(COLLECTOR_NODE_OPTIONS);
  });
});
