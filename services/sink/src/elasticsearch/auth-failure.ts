import { errors } from '@elastic/elasticsearch';

/**
 * Why Elasticsearch refused the sink's credentials (401) or their privileges (403), or undefined for any other error.
 * During setup such an answer cannot go away by retrying: the configuration must change, so the sink stops instead.
 */
export function elasticsearchAuthFailure(err: unknown): string | undefined {
  if (!(err instanceof errors.ResponseError)) return undefined;
  if (err.statusCode === 401) return 'elasticsearch authentication failed (401): check elasticsearch.auth';
  if (err.statusCode === 403) {
    return 'elasticsearch authorization failed (403): the configured user lacks the privileges the sink needs';
  }
  return undefined;
}
