/**
 * The bench's synthetic scrape targets, as a process of their own (their CPU is not the pipeline's):
 * `node target-server.js <targets> <series>` listens on one port per target on 127.0.0.1 and prints
 * `{"addresses": ["127.0.0.1:<port>", ...]}` on one stdout line once all listen. Exits on SIGTERM.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SyntheticExposition } from './synthetic-exposition';

const TEXT_FORMAT = 'text/plain; version=0.0.4; charset=utf-8';

function listen(series: number): Promise<Server> {
  const exposition = new SyntheticExposition(series);
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TEXT_FORMAT }).end(exposition.render());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main(): Promise<void> {
  const [targets, series] = process.argv.slice(2).map(Number);
  if (!targets || !series) throw new Error('usage: target-server <targets> <series>');
  const servers = await Promise.all(Array.from({ length: targets }, () => listen(series)));
  const addresses = servers.map((s) => `127.0.0.1:${(s.address() as AddressInfo).port}`);
  process.stdout.write(`${JSON.stringify({ addresses })}\n`);
  process.once('SIGTERM', () => {
    for (const server of servers) server.close();
    for (const server of servers) server.closeAllConnections();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`target-server: ${String(err)}\n`);
  process.exit(1);
});
