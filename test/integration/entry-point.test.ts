import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDist } from '../support/service-process';

// The container image starts every service through bin/run-service.js: each must really start from there (a bad
// config path is the cheapest proof: the service's own config loader answers, naming the file, with exit code 2).
const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const SERVICES = ['collector-logs', 'collector-metrics', 'processor', 'sink', 'alerter'];

describe('bin/run-service.js', () => {
  beforeAll(() => buildDist(), 600_000);

  it.each(SERVICES)('starts %s, whose config loader names the missing file', async (service) => {
    const result = await run(process.execPath, [
      join(root, 'bin', 'run-service.js'),
      service,
      '--config',
      '/nonexistent/d2.yaml',
    ])
      .then(() => ({ code: 0, stderr: '' }))
      .catch((err: { code: number; stderr: string }) => err);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${service}:`);
    expect(result.stderr).toContain('/nonexistent/d2.yaml');
  });

  it('refuses an unknown service with a usage line', async () => {
    const err = await run(process.execPath, [join(root, 'bin', 'run-service.js'), 'nope']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toContain('usage: run-service.js');
  });
});
