import { classifyAnswer, isSplittable, retryDelayMs, type HttpAnswer } from './write-outcome';

const answer = (status: number, body = '', retryAfter?: string): HttpAnswer => ({
  kind: 'answer',
  status,
  body,
  retryAfter,
});

describe('classifyAnswer', () => {
  it.each<[HttpAnswer, object]>([
    [answer(204), { outcome: 'success', status: 204 }],
    [answer(200), { outcome: 'success', status: 200 }],
    [answer(400, 'out of order sample\n'), { outcome: 'failure', status: 400, reason: 'out of order sample' }],
    [answer(401, ''), { outcome: 'failure', status: 401, reason: 'HTTP 401' }],
    [answer(413, 'too big'), { outcome: 'failure', status: 413, reason: 'too big' }],
    [answer(301, ''), { outcome: 'failure', status: 301 }],
    [answer(429, 'slow down', '2'), { outcome: 'retryable', status: '429', retryAfterMs: 2000, uncertain: false }],
    [
      answer(503, 'tsdb not ready'),
      { outcome: 'retryable', status: '503', reason: 'tsdb not ready', uncertain: false },
    ],
    [answer(500, 'boom'), { outcome: 'retryable', status: '500', uncertain: false }],
    [answer(504, ''), { outcome: 'retryable', status: '504', uncertain: true }],
    [
      { kind: 'no-answer', error: new Error('connect ECONNREFUSED'), sent: false },
      { outcome: 'retryable', status: 'network_error', reason: 'connect ECONNREFUSED', uncertain: false },
    ],
    [
      { kind: 'no-answer', error: new Error('socket hang up'), sent: true },
      { outcome: 'retryable', status: 'network_error', uncertain: true },
    ],
  ])('%j is %j', (input, expected) => {
    expect(classifyAnswer(input)).toMatchObject(expected);
  });

  it('keeps at most 1024 characters of an error body', () => {
    const outcome = classifyAnswer(answer(400, 'x'.repeat(5000)));
    expect(outcome.outcome === 'failure' && outcome.reason.length).toBe(1024);
  });
});

describe('retryDelayMs', () => {
  const policy = { initialMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 };
  it.each([
    [undefined, 1, 0, 50],
    [undefined, 1, 1, 100],
    [undefined, 10, 1, 1000],
    [3000, 1, 0, 3000],
    [0, 4, 1, 0],
    [60_000, 1, 0, 5000],
  ])('Retry-After %p ms, attempt %i, jitter %p → %i ms', (retryAfter, attempt, random, expected) => {
    expect(retryDelayMs(retryAfter, policy, attempt, () => random)).toBe(expected);
  });
});

describe('isSplittable', () => {
  it.each([
    [400, true],
    [413, true],
    [401, false],
    [404, false],
    [422, false],
  ])('%i: %p', (status, expected) => expect(isSplittable(status)).toBe(expected));
});
