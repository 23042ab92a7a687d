import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { MetricSample } from '@daytwo/core';
import { decodeRemoteWrite, type DecodedRemoteWriteSeries } from '@daytwo/sink';
import { testEnv } from '../support/env';
import { FAST_CONSUMER } from '../support/kafka';
import { redisClient } from '../support/redis';

/** What the proxy answered one remote-write request, and what the request carried. */
export interface ProxiedRequest {
  status: number;
  body: string;
  /** true when Prometheus answered (false: a canned failure of the proxy). */
  forwarded: boolean;
  series: DecodedRemoteWriteSeries[];
}

interface CannedAnswer {
  status: number;
  headers?: Record<string, string>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * An HTTP proxy in front of Prometheus' remote-write receiver for tests: forwards POSTs and records every request and
 * answer; can answer canned failures first (503, 429 + Retry-After), refuse connections for a while, or withhold
 * the answer of a request Prometheus already stored (the moment a crash is most harmful).
 */
export class RemoteWriteProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly canned: CannedAnswer[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly held: ServerResponse[] = [];
  private holdAfter: { count: number; onHeld: () => void } | undefined;
  private forwardedOk = 0;
  private server: Server;
  port = 0;

  constructor(private readonly target: string = testEnv.prometheusUrl) {
    this.server = this.createServer();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/v1/write`;
  }

  async start(): Promise<this> {
    await this.listen(0);
    return this;
  }

  /** The next `count` requests get `status` without reaching Prometheus. */
  failNext(count: number, status: number, headers?: Record<string, string>): void {
    for (let i = 0; i < count; i++) this.canned.push({ status, headers });
  }

  /** Once `count` requests were stored by Prometheus, the answer of the last one is never sent. */
  holdAnswerAfter(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.holdAfter = { count, onHeld: resolve };
    });
  }

  /** Closes the port: connections are refused until `accept`. */
  async refuse(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async accept(): Promise<void> {
    this.server = this.createServer();
    await this.listen(this.port);
  }

  /** Requests Prometheus answered with a 4xx. */
  clientErrors(): ProxiedRequest[] {
    return this.requests.filter((r) => r.forwarded && r.status >= 400 && r.status < 500);
  }

  async close(): Promise<void> {
    for (const res of this.held.splice(0)) res.destroy();
    if (this.server.listening) await this.refuse();
  }

  private createServer(): Server {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(502).end(String(err));
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const series = decodeRemoteWrite(body);
    const canned = this.canned.shift();
    if (canned) {
      this.requests.push({ status: canned.status, body: 'canned', forwarded: false, series });
      res.writeHead(canned.status, canned.headers).end('canned failure');
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-encoding', 'x-prometheus-remote-write-version']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(`${this.target}/api/v1/write`, { method: 'POST', headers, body });
    const text = await answer.text();
    this.requests.push({ status: answer.status, body: text, forwarded: true, series });
    if (answer.ok) this.forwardedOk++;
    if (answer.ok && this.holdAfter && this.forwardedOk >= this.holdAfter.count) {
      const { onHeld } = this.holdAfter;
      this.holdAfter = undefined;
      this.held.push(res);
      onHeld();
      return;
    }
    res.writeHead(answer.status).end(text);
  }
}

/** A gauge sample of series `name{series="<s>"}`; its id is stable, as the collector would make it. */
export function gauge(name: string, series: string, timestamp: number, value: number): MetricSample {
  return {
    schema_version: 1,
    id: `${name}|${series}|${timestamp}`,
    name,
    labels: { job: 'daytwo-it', series },
    value,
    timestamp,
    type: 'gauge',
  };
}

export interface RangeSeries {
  metric: Record<string, string>;
  /** [ms, value] */
  samples: [number, string][];
}

/** The raw samples of `selector` in [fromMs, toMs], read straight from Prometheus. */
export async function rawSamples(selector: string, fromMs: number, toMs: number): Promise<RangeSeries[]> {
  const params = new URLSearchParams({ query: `${selector}[${toMs - fromMs + 1}ms]`, time: (toMs / 1000).toFixed(3) });
  const response = await fetch(`${testEnv.prometheusUrl}/api/v1/query?${params.toString()}`);
  const payload = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
  };
  if (payload.status !== 'success') throw new Error(`query ${selector} failed: ${payload.error}`);
  return (payload.data?.result ?? []).map((r) => ({
    metric: r.metric,
    samples: r.values.map(([s, v]) => [Math.round(s * 1000), v]),
  }));
}

/** Samples per value of label `series`. */
export async function countsBySeries(name: string, fromMs: number, toMs: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const r of await rawSamples(name, fromMs, toMs)) counts[r.metric['series'] ?? ''] = r.samples.length;
  return counts;
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = redisClient();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

export interface SinkConfigOptions {
  topicPrefix: string;
  groupId: string;
  redisPrefix: string;
  url: string;
  queryUrl?: string;
  shards?: number;
  maxSamples?: number;
  metricsPort?: number;
}

/** A sink config running only the metrics pipeline, with short waits for tests. */
export function metricsSinkConfig(o: SinkConfigOptions): Record<string, unknown> {
  return {
    kafka: { brokers: testEnv.kafkaBrokers, clientId: 'sink-rw-it' },
    topicPrefix: o.topicPrefix,
    remoteWrite: {
      url: o.url,
      ...(o.queryUrl ? { queryUrl: o.queryUrl } : {}),
      requestTimeoutMs: 10_000,
      shards: o.shards ?? 2,
      batch: { maxSamples: o.maxSamples ?? 50, maxDelayMs: 20 },
      retry: { initialMs: 50, maxMs: 500, maxRetryAfterMs: 5_000 },
    },
    state: { redis: { url: testEnv.redisUrl, keyPrefix: o.redisPrefix } },
    pipelines: { metrics: { consumer: { ...FAST_CONSUMER, groupId: o.groupId, maxRecordsPerHandlerCall: 200 } } },
    telemetry: { logLevel: 'error', metrics: { host: '127.0.0.1', port: o.metricsPort ?? 0 } },
  };
}

/** The sum of the lines of metric `name` carrying every label in `labels`, in a /metrics text; 0 when none. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.split(' ').pop());
  }
  return total;
}
