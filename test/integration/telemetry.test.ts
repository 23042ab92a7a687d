import { execFile, execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { context, propagation, trace } from '@opentelemetry/api';
import { Counter } from 'prom-client';
import { createMetricsRegistry, startTelemetryServer, startTracing } from '@daytwo/core';
import type { TelemetryServer } from '@daytwo/core';

const unique = `itest_${process.pid}_${Date.now()}`;
const root = join(__dirname, '../..');

// Child for the export test: starts tracing from the built package, makes a producer and a consumer span linked
// through injected/extracted headers, shuts down (flushing the export), and prints what it saw.
const TRACING_CHILD = `
const { startTracing } = require(${JSON.stringify(join(root, 'shared/core/dist/telemetry/tracing.js'))});
const { context, propagation, trace } = require(${JSON.stringify(require.resolve('@opentelemetry/api'))});
const [service, endpoint] = process.argv.slice(1);
const tracing = startTracing({ service, config: { exporter: 'otlp-http', endpoint, sampleRatio: 1 } });
const tracer = trace.getTracer('itest');
const span = tracer.startSpan('produce batch');
const carrier = {};
context.with(trace.setSpan(context.active(), span), () => propagation.inject(context.active(), carrier));
const child = tracer.startSpan('consume batch', {}, propagation.extract(context.active(), carrier));
child.end();
span.end();
tracing.shutdown().then(() => {
  const { traceId, spanId } = span.spanContext();
  const recordingAfterShutdown = trace.getTracer('itest').startSpan('after').isRecording();
  const out = { enabled: tracing.enabled, carrier, traceId, spanId, childTraceId: child.spanContext().traceId, recordingAfterShutdown };
  process.stdout.write(JSON.stringify(out));
});
`;

interface TracingChildOutput {
  enabled: boolean;
  carrier: Record<string, string>;
  traceId: string;
  spanId: string;
  childTraceId: string;
  recordingAfterShutdown: boolean;
}

function runNode(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(root, 'node_modules/.bin/node'), ['-e', script, ...args], (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  try {
    // Serialized: test files running in parallel workers would otherwise write dist at the same time.
    const tsc = join(root, 'node_modules/.bin/tsc');
    execFileSync('flock', ['/tmp/daytwo-core-build.lock', tsc, '-b', 'shared/core'], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    // Type errors elsewhere in the package (someone's work in progress) still emit; only a stale build is fatal.
    for (const module of ['telemetry/tracing', 'telemetry/tracing-sdk']) {
      const built = join(root, `shared/core/dist/${module}.js`);
      const source = join(root, `shared/core/src/${module}.ts`);
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) throw err;
    }
  }
}, 120_000);

async function get(url: string): Promise<{ status: number; text: string; json: () => Record<string, unknown> }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

describe('telemetry server', () => {
  const service = `svc-${unique}`;
  const registry = createMetricsRegistry(service);
  const events = new Counter({ name: `${unique}_events_total`, help: 'test events', registers: [registry] });
  let server: TelemetryServer;

  beforeAll(async () => {
    server = await startTelemetryServer({ host: '127.0.0.1', port: 0, registry, service });
  });
  afterAll(() => server.close());

  it('binds a free port when asked for port 0', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('/metrics exposes registered metrics and process metrics, labelled with the service', async () => {
    events.inc(3);
    const res = await get(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`${unique}_events_total{service="${service}"} 3`);
    expect(res.text).toMatch(new RegExp(`^process_cpu_user_seconds_total\\{service="${service}"\\} `, 'm'));
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('/healthz is 200 while alive', async () => {
    expect((await get(`${server.url}/healthz`)).status).toBe(200);
  });

  it('/readyz is 503 naming the failing checks until every check passes', async () => {
    let esReachable = false;
    server.setReady('kafka connected', false);
    server.addReadinessCheck('elasticsearch', () => Promise.resolve(esReachable));
    server.addReadinessCheck('redis', () => {
      throw new Error('ECONNREFUSED');
    });

    const first = await get(`${server.url}/readyz`);
    expect(first.status).toBe(503);
    expect(first.json()).toEqual({
      status: 'not ready',
      failing: ['elasticsearch', 'kafka connected', 'redis'],
      checks: { elasticsearch: 'not ready', 'kafka connected': 'not ready', redis: 'error: ECONNREFUSED' },
    });

    server.setReady('kafka connected', true);
    esReachable = true;
    server.removeReadinessCheck('redis');
    const second = await get(`${server.url}/readyz`);
    expect(second.status).toBe(200);
    expect(second.json()).toMatchObject({ status: 'ready', failing: [] });
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    expect((await get(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('/healthz turns 503 once a fatal state is set', async () => {
    server.setFatal('kafka consumer crashed');
    const res = await get(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(res.json()).toEqual({ status: 'fatal', reason: 'kafka consumer crashed' });
  });

  it('fails clearly when the port is taken', async () => {
    await expect(startTelemetryServer({ host: '127.0.0.1', port: server.port, registry })).rejects.toThrow(
      `telemetry server cannot listen on 127.0.0.1:${server.port}`,
    );
  });
});

describe('tracing', () => {
  // Stands in for an OpenTelemetry collector: records what the OTLP/HTTP exporter posts.
  let receiver: Server;
  let endpoint: string;
  const received: Array<{ path: string; body: string }> = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('exporter none records nothing and injects nothing', async () => {
    const tracing = startTracing({ service: 'off', config: { exporter: 'none', sampleRatio: 1 } });
    const span = trace.getTracer('itest').startSpan('noop');
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    span.end();
    await tracing.shutdown();
    expect(tracing.enabled).toBe(false);
    expect(span.isRecording()).toBe(false);
    expect(carrier).toEqual({});
  });

  // A real process: the OTLP/HTTP exporter loads node:http with a dynamic import, which jest's sandbox refuses.
  it('otlp-http exports spans with the service name and propagates W3C trace context', async () => {
    const service = `tracing-${unique}`;
    const { stdout, code } = await runNode(TRACING_CHILD, [service, endpoint]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as TracingChildOutput;
    expect(out.enabled).toBe(true);
    expect(out.carrier['traceparent']).toBe(`00-${out.traceId}-${out.spanId}-01`);
    expect(out.childTraceId).toBe(out.traceId);
    expect(out.recordingAfterShutdown).toBe(false);

    const traces = received.filter((r) => r.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    const body = traces.map((r) => r.body).join('\n');
    expect(body).toContain(service);
    expect(body).toContain('produce batch');
    expect(body).toContain('consume batch');
    expect(body).toContain(out.traceId);
  });
});
