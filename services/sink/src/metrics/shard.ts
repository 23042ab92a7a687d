import type { Logger } from '@daytwo/core';
import type { Gauge } from 'prom-client';
import { RetryAbortedError } from '../retry/backoff';
import type { RequestWriter } from './request-writer';
import type { QueuedSample } from './write-ticket';

export interface ShardOptions {
  index: number;
  writer: RequestWriter;
  maxSamples: number;
  maxDelayMs: number;
  queueSamples: Gauge<'shard'>;
  logger: Pick<Logger, 'error'>;
  signal: AbortSignal;
  now?: () => number;
}

/**
 * One lane of remote writing: a FIFO queue of samples and a loop that takes up to `maxSamples` of them (or fewer once
 * the oldest waited `maxDelayMs`) and writes them as one request, strictly one request after another. A series always
 * maps to the same shard, so its samples are sent in the order they arrived, also when a request is retried.
 * The queue holds only samples of batches being handled, so the consumer bounds it.
 */
export class Shard {
  private queue: QueuedSample[] = [];
  private wake: (() => void) | undefined;
  private stopping = false;
  private closed: Error | undefined;
  private readonly running: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: ShardOptions) {
    this.now = options.now ?? Date.now;
    options.signal.addEventListener('abort', () => this.notify(), { once: true });
    this.running = this.loop().catch((err: unknown) => {
      this.options.logger.error({ err, shard: options.index }, 'remote-write shard stopped');
      this.close(err instanceof Error ? err : new Error(String(err)));
    });
  }

  enqueue(samples: readonly QueuedSample[]): void {
    if (samples.length === 0) return;
    if (this.closed !== undefined) {
      for (const s of samples) s.ticket.fail(this.closed);
      return;
    }
    for (const s of samples) this.queue.push(s);
    this.updateGauge();
    this.notify();
  }

  get depth(): number {
    return this.queue.length;
  }

  /** Sends what is queued without waiting for full requests, then ends; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.notify();
    await this.running;
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        if (this.stopping || this.options.signal.aborted) return this.close(new RetryAbortedError('stopping'));
        await this.waitMs(undefined);
        continue;
      }
      const waitMs = this.fillWaitMs();
      if (waitMs > 0) {
        await this.waitMs(waitMs);
        continue;
      }
      const taken = this.queue.splice(0, this.options.maxSamples);
      this.updateGauge();
      try {
        await this.options.writer.write(taken);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        // Unsettled samples fail their batches, which are consumed again later: nothing is committed for them.
        for (const s of taken) s.ticket.fail(error);
        if (err instanceof RetryAbortedError) return this.close(error);
        this.options.logger.error({ err, shard: this.options.index }, 'remote-write shard failed a request');
      }
    }
  }

  /** How long to wait for a fuller request; 0 to send now. */
  private fillWaitMs(): number {
    if (this.stopping || this.options.signal.aborted || this.queue.length >= this.options.maxSamples) return 0;
    return Math.max(0, this.queue[0]!.enqueuedAt + this.options.maxDelayMs - this.now());
  }

  private close(error: Error): void {
    this.closed = error;
    for (const s of this.queue) s.ticket.fail(error);
    this.queue = [];
    this.updateGauge();
  }

  private waitMs(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.notify(), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private updateGauge(): void {
    this.options.queueSamples.set({ shard: String(this.options.index) }, this.queue.length);
  }
}
