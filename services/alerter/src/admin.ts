import { Queue, type Job } from 'bullmq';
import type { z } from 'zod';
import { RedisConfig, type AlerterConfig } from './config';
import type { ReceiverResponse } from './delivery/errors';
import { deliveryQueueName, parseDeliveryJobId, type DeliveryJobData } from './delivery/queues';
import { createRedisClient } from './state/redis-client';

/** Where the delivery queues are: the alerter's `redis` section (url, password, tls, prefix) and destination names. */
export interface DeliveryQueueOptions {
  redis: z.input<typeof RedisConfig>;
  destinations: readonly string[];
}

export interface FailedDelivery {
  /** The BullMQ job id, `<fingerprint>.<destination>.v<version>`: what `retryDeliveries` takes. */
  id: string;
  destination: string;
  fingerprint: string;
  version: number;
  alertStatus: string;
  title: string;
  /** Why the last attempt failed, with the receiver's status and the start of its body. */
  failedReason: string;
  attemptsMade: number;
  failedAt?: string;
  response?: ReceiverResponse;
}

export interface RetryOutcome {
  retried: string[];
  /** Ids without a job (never queued, or removed). */
  notFound: string[];
  /** Ids whose job is not failed (waiting, delayed, active or delivered): left alone. */
  notFailed: string[];
}

/** The queue options of a running alerter's configuration (for the operator CLI). */
export function deliveryQueueOptions(config: AlerterConfig): DeliveryQueueOptions {
  return { redis: config.redis, destinations: config.destinations.map((d) => d.name) };
}

async function withQueues<T>(
  options: DeliveryQueueOptions,
  work: (queues: Map<string, Queue<DeliveryJobData>>) => Promise<T>,
): Promise<T> {
  const redis = RedisConfig.parse(options.redis);
  let failure: Error | undefined;
  const connection = createRedisClient(
    redis,
    { connectionName: 'daytwo-alerter-admin', maxRetriesPerRequest: 2 },
    (err) => (failure = err),
  );
  const queues = new Map<string, Queue<DeliveryJobData>>();
  try {
    for (const destination of options.destinations) {
      const queue = new Queue<DeliveryJobData>(deliveryQueueName(destination), { connection, prefix: redis.prefix });
      queue.on('error', (err) => (failure = err));
      queues.set(destination, queue);
    }
    return await work(queues);
  } catch (err) {
    throw failure && err !== failure
      ? new Error(`${(err as Error).message} (${failure.message})`, { cause: err })
      : err;
  } finally {
    await Promise.all([...queues.values()].map((q) => q.close()));
    connection.disconnect();
  }
}

function describeFailed(destination: string, job: Job<DeliveryJobData>): FailedDelivery {
  const id = job.id ?? '';
  const parsed = parseDeliveryJobId(id);
  const failed: FailedDelivery = {
    id,
    destination,
    fingerprint: parsed?.fingerprint ?? job.data.alert.fingerprint,
    version: parsed?.version ?? job.data.alert.version,
    alertStatus: job.data.alert.status,
    title: job.data.alert.title,
    failedReason: job.failedReason,
    attemptsMade: job.attemptsMade,
  };
  if (job.finishedOn !== undefined) failed.failedAt = new Date(job.finishedOn).toISOString();
  if (job.data.lastResponse) failed.response = job.data.lastResponse;
  return failed;
}

/** Every delivery that gave up (rejected, or out of attempts), newest first per destination. */
export async function listFailedDeliveries(options: DeliveryQueueOptions): Promise<FailedDelivery[]> {
  return withQueues(options, async (queues) => {
    const out: FailedDelivery[] = [];
    for (const [destination, queue] of queues) {
      for (const job of await queue.getFailed(0, -1)) out.push(describeFailed(destination, job));
    }
    return out;
  });
}

/**
 * Moves failed deliveries back to waiting with a fresh set of attempts: the ids from `listFailedDeliveries`, or
 * every failed one. The workers of the running alerter deliver them.
 */
export async function retryDeliveries(
  options: DeliveryQueueOptions,
  ids: readonly string[] | 'all',
): Promise<RetryOutcome> {
  return withQueues(options, async (queues) => {
    const outcome: RetryOutcome = { retried: [], notFound: [], notFailed: [] };
    const jobs: Array<[string, Job<DeliveryJobData> | undefined]> = [];
    if (ids === 'all') {
      for (const queue of queues.values()) for (const job of await queue.getFailed(0, -1)) jobs.push([job.id!, job]);
    } else {
      for (const id of ids) {
        const queue = queues.get(parseDeliveryJobId(id)?.destination ?? '');
        jobs.push([id, queue ? await queue.getJob(id) : undefined]);
      }
    }
    for (const [id, job] of jobs) {
      if (!job) outcome.notFound.push(id);
      else if (!(await job.isFailed())) outcome.notFailed.push(id);
      else {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        outcome.retried.push(id);
      }
    }
    return outcome;
  });
}
