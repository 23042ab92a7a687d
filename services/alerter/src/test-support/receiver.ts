import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived, ms. */
  at: number;
  /** The status it was answered with. */
  status: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A local HTTP receiver for delivery tests: records every request and answers per path from a script of replies
 * (then with the fallback, 200 unless changed).
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly scripts = new Map<string, Reply[]>();
  private readonly fallbacks = new Map<string, Reply>();

  private readonly server: Server;
  private base = '';

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const reply = this.next(path);
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ path, headers: req.headers, body, at: Date.now(), status: reply.status });
        res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        res.end(reply.body ?? '');
      });
    });
  }

  static async start(): Promise<TestReceiver> {
    const receiver = new TestReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.base = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  get baseUrl(): string {
    return this.base;
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** Answers the next requests to `path` with these replies, in order. */
  script(path: string, replies: Reply[]): void {
    this.scripts.set(path, [...replies]);
  }

  /** How `path` is answered once its script is used up. */
  fallback(path: string, reply: Reply): void {
    this.fallbacks.set(path, reply);
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private next(path: string): Reply {
    return this.scripts.get(path)?.shift() ?? this.fallbacks.get(path) ?? { status: 200, body: 'ok' };
  }
}
