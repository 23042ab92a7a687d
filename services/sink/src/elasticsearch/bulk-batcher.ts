import type { BulkItem, BulkLimits } from './bulk-encoder';
import type { WriteResult } from './write-result';

export interface BatchingOptions extends BulkLimits {
  /** How long a partial batch waits for more items before it is sent; 0 sends at the end of each submit. */
  flushIntervalMs: number;
  /** Bulk requests in flight at once; further full batches wait for a free slot. */
  maxConcurrentRequests: number;
}

export type SendBatch = (items: readonly BulkItem[]) => Promise<WriteResult[]>;

interface Submission {
  results: WriteResult[];
  remaining: number;
  resolve: (results: WriteResult[]) => void;
}

interface Pending {
  item: BulkItem;
  submission: Submission;
  position: number;
}

/**
 * Gathers the items of concurrent submits (one per Kafka partition being handled) into bulk requests of at most
 * `maxDocs` items and `maxBytes` bytes, sending a partial batch after `flushIntervalMs`. Each submit resolves with
 * its own items' results once all of them are answered. Memory stays bounded by the submitters: each one waits for
 * its results before it submits again.
 */
export class BulkBatcher {
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly waitingBatches: Pending[][] = [];

  constructor(
    private readonly send: SendBatch,
    private readonly options: BatchingOptions,
  ) {}

  submit(items: readonly BulkItem[]): Promise<WriteResult[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      const submission: Submission = {
        results: new Array<WriteResult>(items.length),
        remaining: items.length,
        resolve,
      };
      items.forEach((item, position) => {
        if (this.isFullWith(item)) this.cut();
        this.pending.push({ item, submission, position });
        this.pendingBytes += item.bytes;
      });
      if (this.options.flushIntervalMs === 0 || this.pending.length >= this.options.maxDocs) this.cut();
      else this.timer ??= setTimeout(() => this.cut(), this.options.flushIntervalMs);
    });
  }

  /** Sends what is pending now (used when stopping). */
  flush(): void {
    this.cut();
  }

  private isFullWith(item: BulkItem): boolean {
    if (this.pending.length === 0) return false;
    return this.pending.length >= this.options.maxDocs || this.pendingBytes + item.bytes > this.options.maxBytes;
  }

  private cut(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    this.waitingBatches.push(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.dispatch();
  }

  private dispatch(): void {
    while (this.inFlight < this.options.maxConcurrentRequests && this.waitingBatches.length > 0) {
      const batch = this.waitingBatches.shift()!;
      this.inFlight++;
      void this.sendBatch(batch).finally(() => {
        this.inFlight--;
        this.dispatch();
      });
    }
  }

  private async sendBatch(batch: Pending[]): Promise<void> {
    let results: WriteResult[];
    try {
      results = await this.send(batch.map((p) => p.item));
    } catch (err) {
      // The writer does not throw for Elasticsearch trouble; anything else still must not lose the items.
      const reason = err instanceof Error ? err.message : String(err);
      results = batch.map(() => ({ outcome: 'retryable', status: undefined, errorType: 'send_failed', reason }));
    }
    batch.forEach(({ submission, position }, i) => {
      submission.results[position] = results[i] ?? {
        outcome: 'retryable',
        status: undefined,
        errorType: 'missing_result',
        reason: 'no result for item',
      };
      if (--submission.remaining === 0) submission.resolve(submission.results);
    });
  }
}
