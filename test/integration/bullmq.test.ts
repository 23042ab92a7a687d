import { Job, Queue, QueueEvents, UnrecoverableError, Worker, type Processor } from 'bullmq';
import type IORedis from 'ioredis';
import { redisClient } from '../support/redis';
import { uniqueName } from '../support/unique';

interface Harness {
  name: string;
  queue: Queue;
  events: QueueEvents;
  worker: Worker;
  /** Closes the worker and events, obliterates the queue and closes every connection. */
  close(): Promise<void>;
}

const clients: IORedis[] = [];

function client(): IORedis {
  const c = redisClient();
  clients.push(c);
  return c;
}

async function openQueue(processor: Processor): Promise<Harness> {
  const name = uniqueName('daytwo_it');
  const queue = new Queue(name, { connection: client() });
  const events = new QueueEvents(name, { connection: client() });
  await events.waitUntilReady();
  const worker = new Worker(name, processor, { connection: client() });
  await worker.waitUntilReady();
  return {
    name,
    queue,
    events,
    worker,
    close: async () => {
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
    },
  };
}

describe('BullMQ on the real Redis', () => {
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('processes a job and reports its result through QueueEvents and the job state', async () => {
    const h = await openQueue((job: Job<{ x: number }>) => Promise.resolve({ doubled: job.data.x * 2 }));
    try {
      const job = await h.queue.add('double', { x: 21 });
      await expect(job.waitUntilFinished(h.events, 30_000)).resolves.toEqual({ doubled: 42 });
      const stored = await Job.fromId(h.queue, job.id!);
      expect(await stored!.getState()).toBe('completed');
      expect(stored!.returnvalue).toEqual({ doubled: 42 });
      expect(stored!.attemptsMade).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('fails a job that throws UnrecoverableError without retrying it', async () => {
    const calls: string[] = [];
    const h = await openQueue((job) => {
      calls.push(job.name);
      return Promise.reject(
        job.name === 'unrecoverable' ? new UnrecoverableError('bad payload') : new Error('temporary outage'),
      );
    });
    try {
      const opts = { attempts: 3, backoff: { type: 'fixed', delay: 10 } };
      const unrecoverable = await h.queue.add('unrecoverable', {}, opts);
      await expect(unrecoverable.waitUntilFinished(h.events, 30_000)).rejects.toThrow('bad payload');
      const failed = await Job.fromId(h.queue, unrecoverable.id!);
      expect(await failed!.getState()).toBe('failed');
      expect(failed!.attemptsMade).toBe(1);
      expect(failed!.failedReason).toBe('bad payload');

      // Contrast: an ordinary error is retried up to `attempts`.
      const retried = await h.queue.add('retryable', {}, opts);
      await expect(retried.waitUntilFinished(h.events, 30_000)).rejects.toThrow('temporary outage');
      expect((await Job.fromId(h.queue, retried.id!))!.attemptsMade).toBe(3);
      expect(calls).toEqual(['unrecoverable', 'retryable', 'retryable', 'retryable']);
    } finally {
      await h.close();
    }
  });

  it('obliterate removes every key of the queue', async () => {
    const h = await openQueue(() => Promise.resolve('ok'));
    const job = await h.queue.add('one', {});
    await job.waitUntilFinished(h.events, 30_000);
    const redis = client();
    expect((await redis.keys(`bull:${h.name}:*`)).length).toBeGreaterThan(0);
    await h.close();
    expect(await redis.keys(`bull:${h.name}:*`)).toEqual([]);
  });
});
