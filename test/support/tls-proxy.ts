import { timingSafeEqual } from 'node:crypto';
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

/** What the proxy lets through; a request must carry one of them in its Authorization header. */
export interface ProxyCredentials {
  basic?: { username: string; password: string };
  /** `Authorization: ApiKey <apiKey>` (Elasticsearch). */
  apiKey?: string;
  /** `Authorization: Bearer <bearer>`. */
  bearer?: string;
}

export interface TlsAuthProxyOptions {
  /** Plain HTTP base URL requests are forwarded to, e.g. http://127.0.0.1:9200. */
  target: string;
  /** PEM server certificate and key the proxy presents. */
  cert: Buffer;
  key: Buffer;
  accept: ProxyCredentials;
}

export interface ProxiedRequestLog {
  method: string;
  path: string;
  /** The scheme of the Authorization header (`Basic`, `ApiKey`, `Bearer`), or '' without one. */
  scheme: string;
  /** 401 when the proxy refused it, else the target's status. */
  status: number;
  /** The request's headers, Authorization included (for tests of custom headers). */
  headers: IncomingHttpHeaders;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'authorization']);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function authorized(header: string | undefined, accept: ProxyCredentials): boolean {
  if (header === undefined) return false;
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'basic' && accept.basic) {
    const { username, password } = accept.basic;
    return sameText(Buffer.from(value, 'base64').toString('utf8'), `${username}:${password}`);
  }
  if (scheme === 'apikey' && accept.apiKey !== undefined) return sameText(value, accept.apiKey);
  if (scheme === 'bearer' && accept.bearer !== undefined) return sameText(value, accept.bearer);
  return false;
}

/**
 * An HTTPS reverse proxy for tests that stands in for a secured server (Elasticsearch with security, an authenticating
 * gateway in front of Prometheus or Alertmanager): TLS with the test CA's certificate, and every request must carry
 * accepted credentials, else 401 with an Elasticsearch-like security_exception body. Accepted requests are forwarded,
 * without the Authorization header, to the plain-HTTP target.
 */
export class TlsAuthProxy {
  readonly requests: ProxiedRequestLog[] = [];
  private readonly agent = new Agent({ keepAlive: true });
  private readonly server: Server;
  private port = 0;

  private constructor(private readonly options: TlsAuthProxyOptions) {
    this.server = createServer({ cert: options.cert, key: options.key }, (req, res) => this.handle(req, res));
  }

  static async start(options: TlsAuthProxyOptions): Promise<TlsAuthProxy> {
    const proxy = new TlsAuthProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', resolve);
    });
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  /** `https://127.0.0.1:<port>` */
  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Requests the proxy refused (401). */
  refused(): ProxiedRequestLog[] {
    return this.requests.filter((r) => r.status === 401);
  }

  /** Requests that reached the target. */
  forwarded(): ProxiedRequestLog[] {
    return this.requests.filter((r) => r.status !== 401);
  }

  close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const header = req.headers.authorization;
    const entry: ProxiedRequestLog = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      scheme: header?.split(' ')[0] ?? '',
      status: 401,
      headers: req.headers,
    };
    this.requests.push(entry);
    if (!authorized(header, this.options.accept)) {
      req.resume();
      const body = JSON.stringify({
        error: { type: 'security_exception', reason: 'unable to authenticate user for REST request' },
        status: 401,
      });
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="daytwo-test"' });
      res.end(body);
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    const upstream = request(
      new URL(entry.path, this.options.target),
      { method: entry.method, headers, agent: this.agent },
      (answer) => {
        entry.status = answer.statusCode ?? 502;
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        }
        res.writeHead(entry.status, out);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      entry.status = 502;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${err.message}`);
    });
    req.pipe(upstream);
  }
}
