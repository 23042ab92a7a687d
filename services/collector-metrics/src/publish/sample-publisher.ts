import { KafkaPublishError, type MetricSample, type RecordProducer } from '@daytwo/core';
import type { Logger } from 'pino';
import type { PublishMetrics } from './publish-metrics';
import { seriesKey } from './series-key';

/** A sample with the key hash of its series (seriesKeyHash, which picks its Kafka key). */
export interface OutgoingSample {
  keyHash: string;
  sample: MetricSample;
}

export interface SamplePublisherOptions {
  producer: Pick<RecordProducer, 'publishRecords'>;
  topic: string;
  /** See seriesKey. */
  keyShards: number;
  /** Batches submitted within this window travel together. */
  lingerMs: number;
  /** Wait before retrying after a retryable failure; doubles up to maxRetryDelayMs. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  metrics: PublishMetrics;
  logger: Logger;
}

interface Batch {
  owner: string;
  samples: OutgoingSample[];
  submittedAt: number;
}

/**
 * Publishes scrape results to Kafka, grouped by series key (many samples per message). Flushes run one after another
 * and a failed key is retried before the next flush, so the samples of a series reach Kafka in order. An owner (a
 * target) has results pending until Kafka acknowledged them: its scrape loop skips scrapes meanwhile, which keeps
 * memory bounded when Kafka is slow or down.
 */
export class SamplePublisher {
  private queue: Batch[] = [];
  private readonly pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private giveUp = false;
  private wakeRetry: (() => void) | undefined;

  constructor(private readonly options: SamplePublisherOptions) {}

  /** Queues the results of one scrape of `owner`. */
  submit(owner: string, samples: OutgoingSample[]): void {
    if (samples.length === 0) return;
    this.queue.push({ owner, samples, submittedAt: performance.now() });
    this.pending.set(owner, (this.pending.get(owner) ?? 0) + 1);
    this.options.metrics.pending.inc(samples.length);
    this.schedule(this.options.lingerMs);
  }

  /** Whether results of `owner` still wait for Kafka. */
  isPending(owner: string): boolean {
    return this.pending.has(owner);
  }

  /**
   * Publishes everything queued. After `timeoutMs` retries stop (what is still unpublished is counted as dropped) and
   * this resolves false even if a publish call is still waiting for Kafka.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => {
        this.giveUp = true;
        this.wakeRetry?.();
        resolve(false);
      }, timeoutMs);
    });
    const drained = (async () => {
      while (this.queue.length > 0 || this.flushing) {
        this.schedule(0);
        await this.flushing;
      }
      return true;
    })();
    try {
      const done = await Promise.race([drained, deadline]);
      if (!done)
        this.options.logger.error({ pendingOwners: this.pending.size }, 'samples still unpublished at shutdown');
      return done;
    } finally {
      clearTimeout(timer);
    }
  }

  private schedule(delayMs: number): void {
    if (this.flushing || this.queue.length === 0) return;
    if (this.timer && delayMs > 0) return;
    clearTimeout(this.timer);
    const run = () => {
      this.timer = undefined;
      this.flushing = this.flush()
        .catch((err: unknown) => this.options.logger.error({ err }, 'publishing samples failed unexpectedly'))
        .finally(() => {
          this.flushing = undefined;
          this.schedule(this.options.lingerMs);
        });
    };
    if (delayMs === 0) run();
    else this.timer = setTimeout(run, delayMs);
  }

  private async flush(): Promise<void> {
    const batches = this.queue;
    this.queue = [];
    const groups = new Map<string, MetricSample[]>();
    for (const batch of batches) {
      for (const { keyHash, sample } of batch.samples) {
        const key = seriesKey(keyHash, this.options.keyShards);
        const group = groups.get(key);
        if (group) group.push(sample);
        else groups.set(key, [sample]);
      }
    }
    await this.publishGroups([...groups]);
    const now = performance.now();
    for (const batch of batches) {
      const left = (this.pending.get(batch.owner) ?? 1) - 1;
      if (left === 0) this.pending.delete(batch.owner);
      else this.pending.set(batch.owner, left);
      this.options.metrics.latency.observe((now - batch.submittedAt) / 1000);
      this.options.metrics.pending.dec(batch.samples.length);
    }
  }

  /** Publishes every group, retrying the failed ones (only those) until done or given up. */
  private async publishGroups(groups: [string, MetricSample[]][]): Promise<void> {
    const { producer, topic, metrics, logger } = this.options;
    let delay = this.options.retryDelayMs;
    let remaining = groups;
    while (remaining.length > 0) {
      const results = await Promise.allSettled(
        remaining.map(([key, samples]) => producer.publishRecords(topic, 'metric', key, samples)),
      );
      const retry: [string, MetricSample[]][] = [];
      let lastError: unknown;
      results.forEach((result, i) => {
        const [key, samples] = remaining[i]!;
        if (result.status === 'fulfilled') return metrics.published.inc(samples.length);
        lastError = result.reason;
        const retryable = result.reason instanceof KafkaPublishError && result.reason.retryable;
        if (retryable && !this.giveUp) return void retry.push([key, samples]);
        const reason = retryable ? 'shutdown' : 'rejected';
        metrics.dropped.inc({ reason }, samples.length);
        logger.error({ err: result.reason, topic, key, samples: samples.length, reason }, 'samples dropped');
      });
      remaining = retry;
      if (remaining.length === 0) return;
      metrics.retries.inc(remaining.length);
      logger.warn({ err: lastError, topic, keys: remaining.length, retryInMs: delay }, 'publishing to Kafka failed');
      await this.sleep(delay);
      delay = Math.min(delay * 2, this.options.maxRetryDelayMs);
      if (this.giveUp) {
        for (const [, samples] of remaining) metrics.dropped.inc({ reason: 'shutdown' }, samples.length);
        logger.error({ topic, keys: remaining.length }, 'samples dropped: still unpublished at shutdown');
        return;
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.giveUp) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = done;
    });
  }
}
