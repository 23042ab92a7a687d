import { ConsumerStartError } from '@daytwo/core';
import { errors } from '@elastic/elasticsearch';
import { permanentStartFailure } from './start-failure';

describe('permanentStartFailure', () => {
  const refused = new ConsumerStartError('consumer group g: The session timeout is not within the range', {
    cause: new Error('INVALID_SESSION_TIMEOUT'),
  });
  const unauthorized = new errors.ResponseError({
    body: { error: { type: 'security_exception' }, status: 401 },
    statusCode: 401,
    headers: {},
    warnings: null,
    meta: {} as never,
  });

  it.each([
    [
      'kafka refused the consumer settings',
      refused,
      expect.stringMatching(/^kafka refused the consumer: consumer group g/),
    ],
    ['elasticsearch refused the credentials', unauthorized, expect.stringMatching(/authentication failed \(401\)/)],
    ['kafka unreachable', new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), undefined],
    ['elasticsearch unreachable', new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200'), undefined],
  ])('%s', (_what, err, expected) => {
    expect(permanentStartFailure(err)).toEqual(expected);
  });
});
