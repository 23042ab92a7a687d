import { createHmac } from 'node:crypto';
import { DestinationConfig } from '../config';
import type { Alert } from '../model/alert';
import { backoffDelay, retryDelay } from './backoff';
import { DeliveryRetryableError } from './errors';
import { deliveryJobId, parseDeliveryJobId } from './queues';
import { deliveryRequest, destinationUrl } from './request';
import { classifyResponse, parseRetryAfter } from './response';

describe('classifyResponse', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it.each([
    [200, undefined, { kind: 'delivered' }],
    [204, undefined, { kind: 'delivered' }],
    [503, undefined, { kind: 'retry' }],
    [500, '5', { kind: 'retry' }],
    [429, undefined, { kind: 'retry' }],
    [429, '7', { kind: 'retry', retryAfterMs: 7_000 }],
    [429, 'Sun, 01 Mar 2026 10:00:30 GMT', { kind: 'retry', retryAfterMs: 30_000 }],
    [400, undefined, { kind: 'rejected' }],
    [401, undefined, { kind: 'rejected' }],
    [404, undefined, { kind: 'rejected' }],
    [301, undefined, { kind: 'rejected' }],
  ])('%d (Retry-After %s)', (status, retryAfter, expected) => {
    expect(classifyResponse(status, retryAfter, now)).toEqual(expected);
  });

  it.each([
    ['soon', undefined],
    ['99999999', 3_600_000],
    ['Sun, 01 Mar 2026 09:00:00 GMT', 0],
  ])('parseRetryAfter(%s)', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('backoff', () => {
  const settings = { backoffMs: 1_000, maxBackoffMs: 10_000 };
  it.each([
    [1, 0, 500],
    [1, 0.999999, 999],
    [2, 0, 1_000],
    [3, 1, 4_000],
    [10, 0, 5_000],
    [10, 1, 10_000],
  ])('attempt %d with random %d waits %d', (attempt, random, expected) => {
    expect(backoffDelay(attempt, settings, () => random)).toBe(expected);
  });

  it('waits at least the Retry-After of a 429', () => {
    const err = new DeliveryRetryableError('d', { status: 429, at: '' }, 7_000);
    expect(retryDelay(1, err, settings, () => 0)).toBe(7_000);
    expect(retryDelay(1, err, settings, () => 0.5)).toBe(7_350);
    expect(retryDelay(1, new Error('x'), settings, () => 0)).toBe(500);
  });
});

describe('delivery job ids', () => {
  it('round-trips and avoids the colon BullMQ reserves', () => {
    const id = deliveryJobId('abc123', 'ops-hook', 4);
    expect(id).toBe('abc123.ops-hook.v4');
    expect(parseDeliveryJobId(id)).toEqual({ fingerprint: 'abc123', destination: 'ops-hook', version: 4 });
    expect(parseDeliveryJobId('not-ours')).toBeUndefined();
  });
});

describe('deliveryRequest', () => {
  const alert = { fingerprint: 'f', version: 1, status: 'firing', title: 't' } as Alert;
  const ctx = { now: 0, resolveTimeoutMs: 1_000, deliveryId: 'f.hook.v1' };

  it('signs the exact body, adds basic auth and the configured headers', () => {
    const destination = DestinationConfig.parse({
      name: 'hook',
      type: 'webhook',
      url: 'https://hooks.example/in',
      headers: { 'X-Team': 'platform', 'Content-Type': 'application/vnd.daytwo+json' },
      hmacSecret: 's3cret',
      auth: { username: 'u', password: 'p' },
    });
    const request = deliveryRequest(destination, alert, ctx);
    expect(JSON.parse(request.body.toString())).toEqual(alert);
    const expected = createHmac('sha256', 's3cret').update(request.body).digest('hex');
    expect(request.headers).toEqual({
      'content-type': 'application/vnd.daytwo+json',
      'user-agent': 'daytwo-alerter',
      'x-daytwo-delivery': 'f.hook.v1',
      'x-team': 'platform',
      'x-daytwo-signature': `sha256=${expected}`,
      authorization: `Basic ${Buffer.from('u:p').toString('base64')}`,
    });
    expect(request.timeoutMs).toBe(10_000);
  });

  it.each([
    ['alertmanager', 'http://am:9093', 'http://am:9093/api/v2/alerts'],
    ['alertmanager', 'http://am:9093/', 'http://am:9093/api/v2/alerts'],
    ['alertmanager', 'http://am:9093/api/v2/alerts', 'http://am:9093/api/v2/alerts'],
    ['slack', 'https://hooks.slack.example/x', 'https://hooks.slack.example/x'],
  ] as const)('%s %s posts to %s', (type, url, expected) => {
    expect(destinationUrl({ type, url })).toBe(expected);
  });
});
