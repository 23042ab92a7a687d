import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The fields of the alerter's webhook body (the Alert) the demo prints and checks. */
export interface ReceivedAlert {
  fingerprint: string;
  version: number;
  status: 'firing' | 'resolved';
  title: string;
  summary: string;
  severity: string;
  cluster: string;
  workload: { namespace: string; kind?: string; name: string };
  detectors: string[];
  templates?: Array<{ text: string; example?: string; count: number }>;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedAlert[];
  /** Resolves with the first alert (already received or to come) that `match` accepts. */
  waitFor(match: (alert: ReceivedAlert) => boolean): Promise<ReceivedAlert>;
  close(): Promise<void>;
}

function isAlert(body: unknown): body is ReceivedAlert {
  const a = body as Partial<ReceivedAlert> | null;
  return typeof a === 'object' && a !== null && typeof a.fingerprint === 'string' && typeof a.workload === 'object';
}

/**
 * The "ops webhook" of the demo: a local HTTP endpoint the alerter delivers to. Every alert is printed through `print`
 * and appended to `logFile` (one JSON per line); anything that is not an alert gets a 400, as a strict receiver would.
 */
export async function startWebhookReceiver(
  logFile: string,
  print: (alert: ReceivedAlert) => void,
): Promise<WebhookReceiver> {
  const received: ReceivedAlert[] = [];
  const waiters: Array<{ match: (a: ReceivedAlert) => boolean; resolve: (a: ReceivedAlert) => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      if (req.method !== 'POST' || !isAlert(body)) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('expected a daytwo alert (JSON)\n');
        return;
      }
      received.push(body);
      appendFileSync(logFile, `${JSON.stringify(body)}\n`);
      print(body);
      for (const waiter of waiters.filter((w) => w.match(body))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(body);
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    received,
    waitFor: (match) => {
      const already = received.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
