import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Client, type ClientOptions } from '@elastic/elasticsearch';
import type { ElasticsearchConfig } from './config';

/** A configuration problem found when building the client, naming the key (`elasticsearch.tls.caFile: ...`). */
export class ElasticsearchConfigError extends Error {
  override name = 'ElasticsearchConfigError';
}

function readPem(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ElasticsearchConfigError(`${key}: cannot read ${path} (${code})`);
  }
}

function tlsOptions(tls: NonNullable<ElasticsearchConfig['tls']>, keyPrefix: string): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized };
  if (tls.caFile) options.ca = readPem(tls.caFile, `${keyPrefix}.tls.caFile`);
  if (tls.certFile) options.cert = readPem(tls.certFile, `${keyPrefix}.tls.certFile`);
  if (tls.keyFile) options.key = readPem(tls.keyFile, `${keyPrefix}.tls.keyFile`);
  if (tls.servername) options.servername = tls.servername;
  return options;
}

/** The client options for a validated config; certificate files are read here, once. */
export function elasticsearchClientOptions(config: ElasticsearchConfig, keyPrefix = 'elasticsearch'): ClientOptions {
  const options: ClientOptions = {
    node: config.node,
    requestTimeout: config.requestTimeoutMs,
    compression: config.compression,
    name: 'daytwo-sink',
  };
  if (config.auth?.apiKey !== undefined) options.auth = { apiKey: config.auth.apiKey };
  else if (config.auth?.username !== undefined && config.auth.password !== undefined) {
    options.auth = { username: config.auth.username, password: config.auth.password };
  }
  if (config.tls) options.tls = tlsOptions(config.tls, keyPrefix);
  return options;
}

export function createElasticsearchClient(config: ElasticsearchConfig, keyPrefix?: string): Client {
  return new Client(elasticsearchClientOptions(config, keyPrefix));
}

/** Reachable and at least yellow, within `timeoutMs`. (`GET /` and so `info()` answer 405 in the local build.) */
export async function isClusterHealthy(client: Client, timeoutMs: number): Promise<boolean> {
  const health = await client.cluster.health({}, { requestTimeout: timeoutMs, maxRetries: 0 });
  return health.status === 'green' || health.status === 'yellow';
}
