import { ConsumerStartError } from '@daytwo/core';
import { elasticsearchAuthFailure } from './elasticsearch/auth-failure';

/**
 * Why a pipeline's setup cannot succeed by retrying, or undefined when a retry may help (a server still coming up):
 * Elasticsearch refused the credentials or privileges, or Kafka refused the consumer's settings. The sink stops
 * instead, with this reason, so the misconfiguration shows as a failed pod rather than a sink that never gets ready.
 */
export function permanentStartFailure(err: unknown): string | undefined {
  const auth = elasticsearchAuthFailure(err);
  if (auth !== undefined) return auth;
  if (err instanceof ConsumerStartError) return `kafka refused the consumer: ${err.message}`;
  return undefined;
}
