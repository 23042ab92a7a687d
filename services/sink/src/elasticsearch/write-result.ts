import { errors, type estypes } from '@elastic/elasticsearch';

/**
 * What became of one document:
 * - success: stored now, or already stored before (`duplicate`: `create` answered 409 for its `_id`);
 * - retryable: not stored, trying again later can succeed (429, 5xx, connection lost, cluster blocked);
 * - failure: Elasticsearch refuses this document (mapping conflict, malformed field): it must be dead-lettered.
 */
export type WriteResult =
  | { outcome: 'success'; duplicate: boolean }
  | { outcome: 'retryable'; status: number | undefined; errorType: string; reason: string }
  | { outcome: 'failure'; status: number; errorType: string; reason: string };

export type RetryableResult = Extract<WriteResult, { outcome: 'retryable' }>;
export type FailureResult = Extract<WriteResult, { outcome: 'failure' }>;

const STORED: WriteResult = { outcome: 'success', duplicate: false };
const DUPLICATE: WriteResult = { outcome: 'success', duplicate: true };

// Blocks (disk flood stage, read-only index) are lifted by an operator; the documents themselves are fine.
const RETRYABLE_ERROR_TYPES = new Set(['cluster_block_exception', 'es_rejected_execution_exception']);

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function errorText(error: estypes.ErrorCause | undefined): { errorType: string; reason: string } {
  if (!error) return { errorType: 'unknown', reason: 'no error given' };
  const cause = error.caused_by?.reason ? ` (caused by: ${error.caused_by.reason})` : '';
  return { errorType: error.type, reason: `${error.reason ?? error.type}${cause}` };
}

/** The result of one item of a bulk response; a missing item was not processed and is retried. */
export function classifyBulkItem(item: estypes.BulkResponseItem | undefined): WriteResult {
  if (!item)
    return { outcome: 'retryable', status: undefined, errorType: 'missing_item', reason: 'no item in response' };
  const { status } = item;
  if (status >= 200 && status < 300) return STORED;
  const text = errorText(item.error);
  if (status === 409 && text.errorType === 'version_conflict_engine_exception') return DUPLICATE;
  if (isRetryableStatus(status) || RETRYABLE_ERROR_TYPES.has(text.errorType)) {
    return { outcome: 'retryable', status, ...text };
  }
  return { outcome: 'failure', status, ...text };
}

/** Per item of a bulk response, in request order. */
export function classifyBulkResponse(response: estypes.BulkResponse, itemCount: number): WriteResult[] {
  const results: WriteResult[] = [];
  for (let i = 0; i < itemCount; i++) {
    const entry = (response.items ?? [])[i];
    results.push(classifyBulkItem(entry?.create ?? entry?.index));
  }
  return results;
}

/** The whole request failed: `too_large` (413, split and retry) or retryable for all of its items. */
export type RequestErrorClass = { kind: 'too_large' } | ({ kind: 'retryable' } & Omit<RetryableResult, 'outcome'>);

/**
 * A request that failed as a whole says nothing about its documents, so they are all retried: connection errors,
 * timeouts, 429/5xx, and also 401/403 (credentials are fixed by an operator; dead-lettering would lose data).
 */
export function classifyRequestError(err: unknown): RequestErrorClass {
  if (err instanceof errors.ResponseError) {
    const status = err.statusCode;
    if (status === 413) return { kind: 'too_large' };
    const body = err.body as { error?: estypes.ErrorCause | string } | undefined;
    const cause = typeof body?.error === 'object' ? body.error : undefined;
    const text = cause ? errorText(cause) : { errorType: 'http_error', reason: err.message.slice(0, 500) };
    return { kind: 'retryable', status, ...text };
  }
  if (err instanceof errors.ElasticsearchClientError) {
    return { kind: 'retryable', status: undefined, errorType: err.name, reason: err.message.slice(0, 500) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'retryable', status: undefined, errorType: 'request_failed', reason: message.slice(0, 500) };
}
