import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { DestinationConfig } from '../config';
import type { OutboxEntry } from '../incident/state';
import type { Alert } from '../model/alert';
import { DELIVERY_BACKOFF_TYPE } from './backoff';
import type { ReceiverResponse } from './errors';

export interface DeliveryJobData {
  alert: Alert;
  destination: string;
  /** The receiver's last answer when an attempt failed. */
  lastResponse?: ReceiverResponse;
}

export const DELIVERY_JOB_NAME = 'deliver';
/** Delivered jobs stay a week (a repeated job id within that time is refused by BullMQ), failed ones until retried. */
export const COMPLETED_JOB_RETENTION = { age: 7 * 24 * 3600, count: 100_000 } as const;

export function deliveryQueueName(destination: string): string {
  return `alerts-${destination}`;
}

/**
 * `<fingerprint>.<destination>.v<version>`: BullMQ refuses a second job with the same id, so a version is delivered
 * to a destination at most once however often it is enqueued. (BullMQ reserves `:` in custom ids.)
 */
export function deliveryJobId(fingerprint: string, destination: string, version: number): string {
  return `${fingerprint}.${destination}.v${version}`;
}

export function parseDeliveryJobId(
  id: string,
): { fingerprint: string; destination: string; version: number } | undefined {
  const match = /^([0-9a-f]+)\.([a-zA-Z0-9_-]+)\.v(\d+)$/.exec(id);
  if (!match) return undefined;
  return { fingerprint: match[1]!, destination: match[2]!, version: Number(match[3]) };
}

export function deliveryJobOptions(destination: DestinationConfig, alert: Alert): JobsOptions {
  return {
    jobId: deliveryJobId(alert.fingerprint, destination.name, alert.version),
    attempts: destination.retry.attempts,
    backoff: { type: DELIVERY_BACKOFF_TYPE, delay: destination.retry.backoffMs },
    removeOnComplete: COMPLETED_JOB_RETENTION,
    removeOnFail: false,
  };
}

/** Whether an outbox entry goes to this destination. */
export function goesTo(entry: OutboxEntry, destination: Pick<DestinationConfig, 'type'>): boolean {
  return entry.onlyTypes === undefined || entry.onlyTypes.includes(destination.type);
}

/** One BullMQ queue per destination, so each has its own rate limit and a stuck receiver holds up only itself. */
export class DeliveryQueues {
  private readonly queues = new Map<string, Queue<DeliveryJobData>>();

  constructor(
    private readonly destinations: readonly DestinationConfig[],
    connection: ConnectionOptions,
    prefix: string,
    onError: (err: Error, destination: string) => void,
  ) {
    for (const d of destinations) {
      const queue = new Queue<DeliveryJobData>(deliveryQueueName(d.name), { connection, prefix });
      queue.on('error', (err) => onError(err, d.name));
      this.queues.set(d.name, queue);
    }
  }

  queue(destination: string): Queue<DeliveryJobData> {
    const queue = this.queues.get(destination);
    if (!queue) throw new Error(`no destination named ${destination}`);
    return queue;
  }

  /** Adds one job per target destination and entry; ids already present are left alone by BullMQ. */
  async enqueue(outbox: readonly OutboxEntry[]): Promise<number> {
    let jobs = 0;
    for (const destination of this.destinations) {
      const batch = outbox
        .filter((entry) => goesTo(entry, destination))
        .map((entry) => ({
          name: DELIVERY_JOB_NAME,
          data: { alert: entry.alert, destination: destination.name },
          opts: deliveryJobOptions(destination, entry.alert),
        }));
      if (batch.length === 0) continue;
      await this.queue(destination.name).addBulk(batch);
      jobs += batch.length;
    }
    return jobs;
  }

  jobCounts(destination: string): Promise<Record<string, number>> {
    return this.queue(destination).getJobCounts('waiting', 'delayed', 'active', 'failed', 'prioritized');
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
