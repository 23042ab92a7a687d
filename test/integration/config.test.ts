import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A service entry started the way the real ones are (runService, from the built package) with bad configurations:
// it must refuse to start, exit 2 and name the key on stderr.
const root = join(__dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const dir = mkdtempSync(join(tmpdir(), 'daytwo-config-test-'));
const entry = join(dir, 'service.js');

const SERVICE = `
const { runService, TelemetryConfig } = require(${JSON.stringify(join(root, 'shared/core/dist/index.js'))});
const { z } = require(${JSON.stringify(require.resolve('zod'))});
const configSchema = z
  .object({
    telemetry: TelemetryConfig,
    kafka: z.object({ brokers: z.array(z.string()).min(1), password: z.string().optional() }).strict(),
  })
  .strict();
void runService({
  name: 'config-test-service',
  configSchema,
  start: async ({ lifecycle }) => {
    lifecycle.addStep('stop intake', () => void process.stderr.write('step:stop intake\\n'));
    return () => void process.stderr.write('step:stop service\\n');
  },
});
`;

const TELEMETRY = 'telemetry:\n  metrics: { host: 127.0.0.1, port: 0 }\n';
const configs: Record<string, string> = {
  'wrong-key.yaml': `${TELEMETRY}kafak:\n  brokers: [127.0.0.1:9092]\n`,
  'wrong-type.yaml': `${TELEMETRY}kafka:\n  brokers: 127.0.0.1:9092\n`,
  'wrong-nested-key.yaml': `telemetry:\n  metrics: { host: 127.0.0.1, prot: 0 }\nkafka:\n  brokers: [a]\n`,
  'missing-secret.yaml': `${TELEMETRY}kafka:\n  brokers: [a]\n  password: \${file:${dir}/absent}\n`,
  'valid.yaml': `${TELEMETRY}kafka:\n  brokers: [127.0.0.1:9092]\n  password: \${env:KAFKA_PASSWORD}\n`,
};

beforeAll(() => {
  try {
    // Serialized: test files running in parallel workers would otherwise write dist at the same time.
    const tsc = join(root, 'node_modules/.bin/tsc');
    execFileSync('flock', ['/tmp/daytwo-core-build.lock', tsc, '-b', 'shared/core'], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    // Type errors elsewhere in the package (someone's work in progress) still emit; only a stale build is fatal.
    for (const module of ['lifecycle/run-service', 'config/load-config', 'config/format-issues']) {
      const built = join(root, `shared/core/dist/${module}.js`);
      const source = join(root, `shared/core/src/${module}.ts`);
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) throw err;
    }
  }
  writeFileSync(entry, SERVICE);
  for (const [name, text] of Object.entries(configs)) writeFileSync(join(dir, name), text);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type LogLine = Record<string, unknown>;

interface Child {
  exited: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill: (signal: NodeJS.Signals) => void;
}

function startService(args: string[], env: Record<string, string> = {}): Child {
  // A clean environment: no DAYTWO__ overrides leak in from the test runner.
  const child = spawn(node, [entry, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { exited, stdout: () => stdout, stderr: () => stderr, kill: (signal) => child.kill(signal) };
}

describe('a service with a bad configuration', () => {
  it.each<[string, string[], Record<string, string>, string]>([
    [
      'unknown key',
      ['--config', join(dir, 'wrong-key.yaml')],
      {},
      'unknown key "kafak" at root (did you mean "kafka"?)',
    ],
    ['wrong type', [`--config=${join(dir, 'wrong-type.yaml')}`], {}, 'kafka.brokers: expected array, received string'],
    [
      'unknown nested key, file from DAYTWO_CONFIG',
      [],
      { DAYTWO_CONFIG: join(dir, 'wrong-nested-key.yaml') },
      'unknown key "prot" at telemetry.metrics (did you mean "port"?)',
    ],
    [
      'wrong type from an environment override',
      ['--config', join(dir, 'valid.yaml')],
      { KAFKA_PASSWORD: 'x', DAYTWO__TELEMETRY__METRICS__PORT: 'ninety' },
      'telemetry.metrics.port: expected number, received string (set by DAYTWO__TELEMETRY__METRICS__PORT)',
    ],
    [
      'unreadable secret file',
      ['--config', join(dir, 'missing-secret.yaml')],
      {},
      `kafka.password: secret file ${dir}/absent cannot be read (ENOENT)`,
    ],
    [
      'unset secret variable',
      ['--config', join(dir, 'valid.yaml')],
      {},
      'kafka.password: environment variable KAFKA_PASSWORD is not set',
    ],
    [
      'missing config file',
      ['--config', join(dir, 'absent.yaml')],
      {},
      `config file ${dir}/absent.yaml cannot be read`,
    ],
  ])('%s: exits 2 naming the key', async (_name, args, env, expected) => {
    const child = startService(args, env);
    expect(await child.exited).toBe(2);
    expect(child.stderr()).toContain('config-test-service: invalid configuration');
    expect(child.stderr()).toContain(expected);
  });
});

describe('a service with a valid configuration', () => {
  it('starts, is ready, never logs its secret, and shuts down in order on SIGTERM', async () => {
    const secret = `pw-${process.pid}-${Date.now()}`;
    const child = startService(['--config', join(dir, 'valid.yaml')], { KAFKA_PASSWORD: secret });
    const logs = (): LogLine[] =>
      child
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as LogLine);
    let started: LogLine | undefined;
    while (!(started = logs().find((l) => l['msg'] === 'started'))) {
      const code = await Promise.race([child.exited, new Promise((r) => setTimeout(r, 50, 'running'))]);
      if (code !== 'running') throw new Error(`service exited ${String(code)}: ${child.stderr()}`);
    }

    const base = `http://127.0.0.1:${Number(started['metricsPort'])}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('service="config-test-service"');

    const starting = logs().find((l) => l['msg'] === 'starting');
    expect(starting?.['config']).toMatchObject({
      kafka: { brokers: ['127.0.0.1:9092'], password: '[REDACTED]' },
      telemetry: { logLevel: 'info', tracing: { exporter: 'none' } },
    });

    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.stderr().match(/step:.*/g)).toEqual(['step:stop intake', 'step:stop service']);
    expect(child.stdout()).not.toContain(secret);
    expect(logs().map((l) => l['msg'])).toContain('shutdown complete');
  });
});
