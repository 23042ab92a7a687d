import { Worker, type ConnectionOptions, type Job, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { DestinationConfig } from '../config';
import type { AlerterMetrics } from '../metrics';
import { retryDelay } from './backoff';
import { DeliveryRejectedError, DeliveryRetryableError, type ReceiverResponse } from './errors';
import { PostFailedError, type HttpPoster } from './http-poster';
import { deliveryQueueName, type DeliveryJobData } from './queues';
import { deliveryRequest } from './request';
import { classifyResponse, type ResponseClass } from './response';

export interface DeliveryResult {
  status: number;
  deliveredAt: string;
}

export interface DeliveryWorkerOptions {
  destination: DestinationConfig;
  /** Workers block on Redis: the client needs `maxRetriesPerRequest: null`. */
  connection: ConnectionOptions;
  prefix: string;
  /** The destination's queue, rate-limited as a whole when the receiver answers 429 with Retry-After. */
  queue: Queue<DeliveryJobData>;
  poster: HttpPoster;
  resolveTimeoutMs: number;
  metrics: AlerterMetrics;
  logger: Logger;
  /** Connection trouble of the worker (reported on every reconnect attempt). */
  onError: (err: Error) => void;
  random?: () => number;
}

async function attempt(
  options: DeliveryWorkerOptions,
  job: Job<DeliveryJobData>,
): Promise<{ response: ReceiverResponse; verdict: ResponseClass }> {
  const { destination } = options;
  const request = deliveryRequest(destination, job.data.alert, {
    now: Date.now(),
    resolveTimeoutMs: options.resolveTimeoutMs,
    deliveryId: job.id ?? '',
  });
  try {
    const res = await options.poster.post(request);
    const response = { status: res.status, body: res.body, at: new Date().toISOString() };
    return { response, verdict: classifyResponse(res.status, res.retryAfter, Date.now()) };
  } catch (err) {
    if (!(err instanceof PostFailedError)) throw err;
    return { response: { error: err.message, at: new Date().toISOString() }, verdict: { kind: 'retry' } };
  }
}

/** Delivers one job; throws the error that tells BullMQ whether to retry (see errors.ts). */
export async function deliverJob(options: DeliveryWorkerOptions, job: Job<DeliveryJobData>): Promise<DeliveryResult> {
  const { destination, metrics, logger } = options;
  const { response, verdict } = await attempt(options, job);
  if (verdict.kind === 'delivered') {
    metrics.deliveries.inc({ destination: destination.name, outcome: 'ok' });
    return { status: response.status ?? 0, deliveredAt: response.at };
  }
  // Kept on the job so that `listFailedDeliveries` shows what the receiver said.
  await job.updateData({ ...job.data, lastResponse: response });
  const giveUp = verdict.kind === 'rejected' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  metrics.deliveries.inc({ destination: destination.name, outcome: giveUp ? 'failed' : 'retried' });
  const log = { destination: destination.name, job: job.id, status: response.status, error: response.error };
  if (verdict.kind === 'rejected') {
    logger.error(log, 'delivery rejected by the receiver; kept as failed job');
    throw new DeliveryRejectedError(destination.name, response);
  }
  logger.warn({ ...log, attempt: job.attemptsMade + 1, retryAfterMs: verdict.retryAfterMs }, 'delivery failed');
  if (verdict.retryAfterMs !== undefined) {
    await options.queue.rateLimit(verdict.retryAfterMs).catch((err: unknown) => {
      logger.warn({ err, destination: destination.name }, 'cannot pause the queue for Retry-After');
    });
  }
  throw new DeliveryRetryableError(destination.name, response, verdict.retryAfterMs);
}

export function startDeliveryWorker(options: DeliveryWorkerOptions): Worker<DeliveryJobData, DeliveryResult> {
  const { destination } = options;
  const worker = new Worker<DeliveryJobData, DeliveryResult>(
    deliveryQueueName(destination.name),
    (job) => deliverJob(options, job),
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: destination.concurrency,
      limiter: { max: destination.rateLimit.max, duration: Math.round(destination.rateLimit.perSeconds * 1000) },
      settings: {
        backoffStrategy: (attemptsMade, _type, err) => retryDelay(attemptsMade, err, destination.retry, options.random),
      },
    },
  );
  worker.on('error', options.onError);
  return worker;
}
