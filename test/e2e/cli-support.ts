import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { testEnv } from '../support/env';
import type { PipelineHarness } from '../support/pipeline-harness';
import { REPO_ROOT } from '../support/service-process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `daytwo <args>` as an operator runs it (the bin file npm links), on the built CLI. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const base = { ...process.env };
  delete base.DAYTWO_CLI_CONFIG;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'cli', 'bin', 'daytwo.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: CliRun = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) => {
      run.code = code;
      resolve(run);
    }),
  );
}

/** The CLI config pointing at the harness's services, topics, index and alerter queues. */
export function writeCliConfig(h: PipelineHarness, services: Record<string, string>): string {
  const file = join(h.dir, 'cli.yaml');
  const config = {
    kafka: { brokers: testEnv.kafkaBrokers },
    topicPrefix: h.topicPrefix,
    services,
    elasticsearch: { url: testEnv.elasticsearchUrl, indexPrefix: h.indexPrefix },
    alerter: { redis: { url: testEnv.redisUrl, prefix: h.id } },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/**
 * A processor plugin that fails on every record whose message contains `marker`: the bug that sends records to the
 * dead-letter topic, "fixed" by running it with another marker.
 */
export function writeRejectPlugin(dir: string): string {
  const file = join(dir, 'reject-marked.js');
  const zod = JSON.stringify(join(REPO_ROOT, 'node_modules', 'zod'));
  writeFileSync(
    file,
    `'use strict';
const { z } = require(${zod});
exports.processor = {
  type: 'reject-marked',
  description: 'fails on records whose message contains the marker',
  kinds: ['log'],
  configSchema: z.object({ marker: z.string().min(1) }).strict(),
  create: (config) => ({
    process: (batch) => {
      if (batch.some((r) => r.message.includes(config.marker))) throw new Error('cannot handle ' + config.marker);
      return batch;
    },
  }),
};
`,
  );
  return file;
}

/** A local HTTP server for the tests: answers with what `respond` says, remembers the request bodies. */
export class TestReceiver {
  readonly bodies: string[] = [];
  respond: () => { status: number; body: string } = () => ({ status: 200, body: 'ok' });
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const answer = this.respond();
        if (answer.status < 300) this.bodies.push(body);
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
