import { errors } from '@elastic/elasticsearch';
import { elasticsearchAuthFailure } from './auth-failure';

const responseError = (statusCode: number) =>
  new errors.ResponseError({
    body: { error: { type: 'security_exception', reason: 'unable to authenticate user' }, status: statusCode },
    statusCode,
    headers: {},
    warnings: null,
    meta: {} as never,
  });

describe('elasticsearchAuthFailure', () => {
  it.each([
    ['401', responseError(401), 'elasticsearch authentication failed (401): check elasticsearch.auth'],
    ['403', responseError(403), expect.stringMatching(/^elasticsearch authorization failed \(403\)/) as string],
    ['404', responseError(404), undefined],
    ['503', responseError(503), undefined],
    ['connection refused', new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200'), undefined],
    ['a TLS error', new Error('self-signed certificate in certificate chain'), undefined],
    ['not an error', 'boom', undefined],
  ])('%s', (_what, err, expected) => {
    expect(elasticsearchAuthFailure(err)).toEqual(expected);
  });
});
