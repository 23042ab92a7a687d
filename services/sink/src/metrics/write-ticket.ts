import type { ConsumedRecord } from '@daytwo/core';
import type { Float64Bits } from './float64-bits';
import type { SeriesIdentity } from './series';

/** One sample on its way through a shard, with what is needed to dead-letter it. */
export interface QueuedSample {
  series: SeriesIdentity;
  /** `topic:partition` it was consumed from. */
  scope: string;
  timestamp: number;
  /** Kafka offset of the message it came in. */
  offset: number;
  bits: Float64Bits;
  stale: boolean;
  enqueuedAt: number;
  ticket: WriteTicket;
  record: ConsumedRecord;
}

export const REMOTE_WRITE_DEAD_LETTER_REASONS = {
  /** The endpoint refused the sample (4xx other than 429), e.g. `out of order sample`. */
  rejected: 'remote_write_rejected',
  /** Its series already holds a newer sample that arrived before it: Prometheus would refuse it. */
  outOfOrder: 'out_of_order',
} as const;

/** A sample that cannot be written: it goes to the dead-letter topic with `reason` and `error`. */
export interface SampleRejection {
  sample: QueuedSample;
  reason: string;
  error: string;
}

/**
 * Completion of the samples of one consumed batch across the shards: `done` resolves when every sample is written,
 * skipped as already written, or rejected; it rejects when one of them could not be handled (the sink is stopping),
 * and then the rest of the batch's samples are no longer sent.
 */
export class WriteTicket {
  written = 0;
  dropped = 0;
  readonly rejected: SampleRejection[] = [];
  failure: Error | undefined;
  readonly done: Promise<void>;
  private pending = 0;
  private resolve!: () => void;
  private reject!: (err: Error) => void;

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // The owner awaits `done`; this only keeps a failure before that await from being reported as unhandled.
    this.done.catch(() => undefined);
  }

  /** Sets how many samples are on their way; call once, after building them. */
  expect(count: number): void {
    this.pending = count;
    if (count === 0) this.resolve();
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  settleWritten(): void {
    this.written++;
    this.settleOne();
  }

  settleDropped(): void {
    this.dropped++;
    this.settleOne();
  }

  settleRejected(rejection: SampleRejection): void {
    this.rejected.push(rejection);
    this.settleOne();
  }

  fail(err: Error): void {
    if (this.failure !== undefined) return;
    this.failure = err;
    this.reject(err);
  }

  private settleOne(): void {
    this.pending--;
    if (this.pending === 0 && this.failure === undefined) this.resolve();
  }
}
