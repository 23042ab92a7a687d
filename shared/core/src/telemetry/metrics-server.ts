import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Readiness } from './readiness';
import type { ReadinessCheck } from './readiness';

export interface TelemetryServerOptions {
  host?: string;
  /** 0 picks a free port; the bound one is `server.port`. */
  port: number;
  registry: Registry;
  service?: string;
  logger?: Logger;
  /** A readiness check slower than this counts as failing. Default 2000. */
  readinessCheckTimeoutMs?: number;
}

export interface TelemetryServer {
  readonly port: number;
  /** `http://<host>:<port>` */
  readonly url: string;
  setReady(name: string, ready: boolean): void;
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  removeReadinessCheck(name: string): void;
  /** Liveness turns 503 for good: the process is broken and should be restarted. */
  setFatal(reason: string): void;
  close(): Promise<void>;
}

export class TelemetryServerError extends Error {
  override name = 'TelemetryServerError';
}

/**
 * GET /metrics  Prometheus text of `registry`
 * GET /healthz  liveness: 200 while the event loop answers and no fatal state was set, else 503
 * GET /readyz   readiness: 200 when every readiness check passes, else 503 with {"failing": [names], "checks": {...}}
 */
export async function startTelemetryServer(options: TelemetryServerOptions): Promise<TelemetryServer> {
  const host = options.host ?? '0.0.0.0';
  const readiness = new Readiness(options.readinessCheckTimeoutMs);
  let fatal: string | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    switch (path) {
      case '/metrics': {
        const text = await options.registry.metrics();
        res.writeHead(200, { 'content-type': options.registry.contentType });
        res.end(text);
        return;
      }
      case '/healthz':
        return fatal === undefined
          ? send(res, 200, { status: 'ok' })
          : send(res, 503, { status: 'fatal', reason: fatal });
      case '/readyz': {
        const report = await readiness.evaluate();
        const body = { status: report.ready ? 'ready' : 'not ready', failing: report.failing, checks: report.checks };
        return send(res, report.ready ? 200 : 503, body);
      }
      default:
        return send(res, 404, { error: 'not found' });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.logger?.error({ err, path: req.url }, 'telemetry endpoint failed');
      if (!res.headersSent) send(res, 500, { error: (err as Error).message });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new TelemetryServerError(`telemetry server cannot listen on ${host}:${options.port}: ${err.message}`)),
    );
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.logger?.info({ host, port }, 'telemetry server listening');

  let closing: Promise<void> | undefined;
  return {
    port,
    url,
    setReady: (name, ready) => readiness.setReady(name, ready),
    addReadinessCheck: (name, check) => readiness.addReadinessCheck(name, check),
    removeReadinessCheck: (name) => readiness.removeReadinessCheck(name),
    setFatal: (reason) => {
      fatal ??= reason;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Scrapers keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      })),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
