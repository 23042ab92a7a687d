import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { BillingService } from './billing-service';
import { PodLogFile } from './pod-log-file';
import { QueueWorker } from './queue-worker';
import { WebService } from './web-service';
import type { Workload } from './workload';

const TICK_MS = 250;

interface Member {
  workload: Workload;
  log: PodLogFile;
  server: Server;
  port: number;
}

export interface SimulatedCluster {
  /** Workload names → their metrics address (`127.0.0.1:<port>`). */
  readonly targets: Map<string, string>;
  /** The workload the incident hits (namespace/name). */
  readonly incidentWorkload: { namespace: string; name: string };
  startIncident(): void;
  stopIncident(): void;
  readonly incident: boolean;
  close(): Promise<void>;
}

function listen(workload: Workload): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(workload.metrics.render());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

/**
 * The synthetic cluster: three workloads, each with a pod log under `podsDir` (the `/var/log/pods` layout) and a
 * Prometheus endpoint on a free local port, listed in a file_sd file (`targetsFile`) with the labels a Kubernetes
 * scrape would add. A timer writes what happened every 250 ms.
 */
export async function startCluster(podsDir: string, targetsFile: string, cluster: string): Promise<SimulatedCluster> {
  const web = new WebService();
  const workloads: Workload[] = [web, new BillingService(), new QueueWorker()];
  const members: Member[] = [];
  for (const workload of workloads) {
    const { server, port } = await listen(workload);
    members.push({ workload, log: new PodLogFile(podsDir, workload.identity), server, port });
  }
  writeFileSync(
    targetsFile,
    stringify(
      members.map(({ workload, port }) => ({
        targets: [`127.0.0.1:${port}`],
        labels: {
          cluster,
          namespace: workload.identity.namespace,
          pod: workload.identity.pod,
          workload: workload.name,
        },
      })),
    ),
  );
  let incident = false;
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    const seconds = (now - last) / 1000;
    last = now;
    for (const { workload, log } of members) {
      const out = workload.tick(now, seconds, incident && workload === web);
      log.write(out.stdout, now, 'stdout');
      log.write(out.stderr, now, 'stderr');
    }
  }, TICK_MS);
  return {
    targets: new Map(members.map((m) => [m.workload.name, `127.0.0.1:${m.port}`])),
    incidentWorkload: { namespace: web.identity.namespace, name: web.name },
    startIncident: () => (incident = true),
    stopIncident: () => (incident = false),
    get incident() {
      return incident;
    },
    close: async () => {
      clearInterval(timer);
      await Promise.all(members.map((m) => new Promise<void>((done) => m.server.close(() => done()))));
    },
  };
}
