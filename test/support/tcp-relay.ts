import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a shared server (Elasticsearch, Prometheus...): cutting it is an outage as a client sees one
 * (open connections reset, new ones accepted and reset at once) without stopping the server others use.
 */
export class TcpRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private isCut = false;
  port = 0;
  /** Connections relayed, and refused while cut. */
  readonly stats = { relayed: 0, refused: 0 };

  constructor(readonly target: { host: string; port: number }) {}

  static to(url: string): TcpRelay {
    const u = new URL(url);
    return new TcpRelay({ host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get cut(): boolean {
    return this.isCut;
  }

  async open(): Promise<void> {
    const server = createServer((inbound) => this.accept(inbound));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private accept(inbound: Socket): void {
    if (this.isCut) {
      this.stats.refused++;
      inbound.on('error', () => undefined);
      inbound.resetAndDestroy();
      return;
    }
    this.stats.relayed++;
    const outbound = connect(this.target.port, this.target.host);
    for (const s of [inbound, outbound]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  }

  /** Starts the outage: resets every open connection and every new one until `restore`. */
  startOutage(): void {
    this.isCut = true;
    for (const s of this.sockets) s.resetAndDestroy();
  }

  restore(): void {
    this.isCut = false;
  }

  async close(): Promise<void> {
    this.startOutage();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
