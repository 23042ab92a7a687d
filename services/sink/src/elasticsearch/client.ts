import { tlsConnectionOptions } from '@daytwo/core';
import { Client, type ClientOptions } from '@elastic/elasticsearch';
import type { ElasticsearchConfig } from './config';

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
  if (config.tls) options.tls = tlsConnectionOptions(config.tls, `${keyPrefix}.tls`);
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
