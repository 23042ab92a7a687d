import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { isRetryableKafkaError, ProducerSettings } from './producer';

const exhausted = (cause: Error) => new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 100 });

describe('isRetryableKafkaError', () => {
  it.each<[string, unknown, boolean]>([
    ['connection error', new KafkaJSConnectionError('refused'), true],
    ['generic retriable kafkajs error', new KafkaJSError('x'), true],
    ['non-retriable kafkajs error', new KafkaJSNonRetriableError('x'), false],
    ['retries exhausted on a connection error', exhausted(new KafkaJSConnectionError('x')), true],
    ['retries exhausted on a rejected request', exhausted(new KafkaJSNonRetriableError('x')), false],
    ['retries exhausted on a plain error', exhausted(new Error('x')), false],
    [
      'message too large',
      new KafkaJSProtocolError({ message: 'too large', retriable: false } as unknown as Error),
      false,
    ],
    ['not a kafka error', new TypeError('x'), false],
    ['not an error', 'x', false],
  ])('%s -> %p', (_name, err, retryable) => {
    expect(isRetryableKafkaError(err)).toBe(retryable);
  });
});

describe('ProducerSettings', () => {
  it('defaults to 500 records per message under 1 MiB', () => {
    expect(ProducerSettings.parse({})).toEqual({
      compression: 'none',
      maxRecordsPerMessage: 500,
      maxBatchBytes: 900_000,
      ackTimeoutMs: 30_000,
    });
  });

  it.each([{ compression: 'zstd' }, { maxRecordsPerMessage: 0 }, { acks: 1 }])('rejects %j', (input) => {
    expect(ProducerSettings.safeParse(input).success).toBe(false);
  });
});
