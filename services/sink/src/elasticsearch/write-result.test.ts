import { errors, type estypes } from '@elastic/elasticsearch';
import { classifyBulkItem, classifyBulkResponse, classifyRequestError } from './write-result';

const item = (status: number, type?: string, reason = 'why'): estypes.BulkResponseItem => ({
  _index: 'i',
  status,
  ...(type ? { error: { type, reason } } : {}),
});

describe('classifyBulkItem', () => {
  it.each([
    ['created', item(201), { outcome: 'success', duplicate: false }],
    ['ok', item(200), { outcome: 'success', duplicate: false }],
    ['already stored', item(409, 'version_conflict_engine_exception'), { outcome: 'success', duplicate: true }],
    ['throttled', item(429, 'es_rejected_execution_exception'), { outcome: 'retryable', status: 429 }],
    ['shard unavailable', item(503, 'unavailable_shards_exception'), { outcome: 'retryable', status: 503 }],
    ['server error', item(500, 'exception'), { outcome: 'retryable', status: 500 }],
    ['disk flood stage', item(403, 'cluster_block_exception'), { outcome: 'retryable', status: 403 }],
    ['request timeout', item(408, 'timeout'), { outcome: 'retryable', status: 408 }],
    ['mapping conflict', item(400, 'document_parsing_exception'), { outcome: 'failure', status: 400 }],
    ['illegal value', item(400, 'illegal_argument_exception'), { outcome: 'failure', status: 400 }],
    ['other conflict', item(409, 'some_other_conflict'), { outcome: 'failure', status: 409 }],
    ['missing', undefined, { outcome: 'retryable', errorType: 'missing_item' }],
  ])('%s', (_what, input, expected) => {
    expect(classifyBulkItem(input)).toMatchObject(expected);
  });

  it('keeps the error type and the reason with its cause', () => {
    const input: estypes.BulkResponseItem = {
      _index: 'i',
      status: 400,
      error: {
        type: 'document_parsing_exception',
        reason: 'failed to parse',
        caused_by: { type: 'x', reason: 'boom' },
      },
    };
    expect(classifyBulkItem(input)).toEqual({
      outcome: 'failure',
      status: 400,
      errorType: 'document_parsing_exception',
      reason: 'failed to parse (caused by: boom)',
    });
  });
});

describe('classifyBulkResponse', () => {
  it('classifies every requested item in order; items missing from the answer are retried', () => {
    const response: estypes.BulkResponse = {
      errors: true,
      took: 1,
      items: [{ create: item(201) }, { create: item(409, 'version_conflict_engine_exception') }],
    };
    expect(classifyBulkResponse(response, 3).map((r) => r.outcome)).toEqual(['success', 'success', 'retryable']);
  });
});

describe('classifyRequestError', () => {
  const responseError = (statusCode: number, body: unknown) =>
    new errors.ResponseError({
      body,
      statusCode,
      headers: {},
      warnings: null,
      meta: {} as never,
    });

  it.each([
    ['413', responseError(413, ''), { kind: 'too_large' }],
    [
      '429',
      responseError(429, { error: { type: 'es_rejected_execution_exception', reason: 'full' } }),
      {
        kind: 'retryable',
        status: 429,
        errorType: 'es_rejected_execution_exception',
      },
    ],
    [
      '401',
      responseError(401, { error: { type: 'security_exception', reason: 'no' } }),
      {
        kind: 'retryable',
        status: 401,
      },
    ],
    ['503 without body', responseError(503, ''), { kind: 'retryable', status: 503, errorType: 'http_error' }],
    [
      'connection refused',
      new errors.ConnectionError('connect ECONNREFUSED'),
      {
        kind: 'retryable',
        status: undefined,
        errorType: 'ConnectionError',
      },
    ],
    ['timeout', new errors.TimeoutError('Request timed out'), { kind: 'retryable', errorType: 'TimeoutError' }],
    ['anything else', new Error('weird'), { kind: 'retryable', errorType: 'request_failed', reason: 'weird' }],
  ])('%s', (_what, err, expected) => {
    expect(classifyRequestError(err)).toMatchObject(expected);
  });
});
