import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { SERVICE_NODE_ARGS } from '@daytwo/core';
import { BenchChild, waitUntil } from './process-stats';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export type DaytwoService = 'collector-logs' | 'collector-metrics' | 'processor' | 'sink' | 'alerter';

export interface ServiceStart {
  service: DaytwoService;
  /** The service's config (telemetry.metrics is filled in). */
  config: Record<string, unknown>;
  workDir: string;
  /** Default: the flags the container image runs every service with. */
  nodeArgs?: readonly string[];
}

/** A daytwo service running from its build as a child process, with its metrics endpoint. */
export class ServiceChild {
  private constructor(
    readonly child: BenchChild,
    readonly metricsUrl: string,
  ) {}

  static async start(options: ServiceStart): Promise<ServiceChild> {
    const port = await freePort();
    const config = {
      ...options.config,
      telemetry: { logLevel: 'warn', metrics: { host: '127.0.0.1', port } },
    };
    const configPath = join(options.workDir, `${options.service}.json`);
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const main = join(REPO_ROOT, 'services', options.service, 'dist', 'main.js');
    const logPath = join(options.workDir, `${options.service}.log`);
    const child = BenchChild.start(
      options.service,
      process.execPath,
      [...(options.nodeArgs ?? SERVICE_NODE_ARGS), main, '--config', configPath],
      logPath,
    );
    const service = new ServiceChild(child, `http://127.0.0.1:${port}`);
    try {
      await waitUntil(`${options.service} ready`, () => service.ready(), {
        timeoutMs: 60_000,
        intervalMs: 100,
        alive: () => child.running,
      });
    } catch (err) {
      await child.stop();
      const tail = readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`${(err as Error).message}; its log ends with:\n${tail}`, { cause: err });
    }
    return service;
  }

  get pid(): number {
    return this.child.pid;
  }

  private async ready(): Promise<true | undefined> {
    try {
      const response = await fetch(`${this.metricsUrl}/readyz`);
      return response.ok ? true : undefined;
    } catch {
      return undefined;
    }
  }

  /** Sum of all series of `name` (a counter or gauge) in the service's /metrics. */
  async metric(name: string): Promise<number> {
    return (await this.metrics([name]))[name]!;
  }

  /** `metric` of each of `names`, from one scrape. */
  async metrics<N extends string>(names: readonly N[]): Promise<Record<N, number>> {
    const response = await fetch(`${this.metricsUrl}/metrics`);
    const text = await response.text();
    const sums = Object.fromEntries(names.map((n) => [n, 0])) as Record<N, number>;
    for (const line of text.split('\n')) {
      const space = line.indexOf(' ');
      const brace = line.indexOf('{');
      const name = line.slice(0, brace >= 0 && brace < space ? brace : space) as N;
      if (Object.hasOwn(sums, name)) sums[name] += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sums;
  }

  stop(): Promise<number | null> {
    return this.child.stop();
  }
}
