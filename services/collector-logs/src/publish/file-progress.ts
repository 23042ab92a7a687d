interface Pending<C> {
  seq: number;
  checkpoint: C | undefined;
  bytes: number;
  final: boolean;
  acked: boolean;
}

/** What became durable: the latest acknowledged checkpoint, the bytes to release, whether the file is done. */
export interface Advance<C> {
  checkpoint: C | undefined;
  bytes: number;
  final: boolean;
}

/**
 * The batches of one file in the order they were made, each with the checkpoint taken right after it. A checkpoint
 * becomes durable only when its batch AND every batch before it were acknowledged, whatever order the
 * acknowledgements come in.
 */
export class FileProgress<C> {
  private readonly pending: Pending<C>[] = [];
  private nextSeq = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly onAdvance: (advance: Advance<C>) => void) {}

  /** Registers a batch; returns the id to pass to `ack`. */
  add(checkpoint: C | undefined, bytes: number, final = false): number {
    const seq = this.nextSeq++;
    this.pending.push({ seq, checkpoint, bytes, final, acked: false });
    return seq;
  }

  ack(seq: number): void {
    const entry = this.pending.find((p) => p.seq === seq);
    if (entry === undefined || entry.acked) return;
    entry.acked = true;
    let checkpoint: C | undefined;
    let bytes = 0;
    let final = false;
    let advanced = false;
    while (this.pending.length > 0 && this.pending[0]!.acked) {
      const done = this.pending.shift()!;
      advanced = true;
      bytes += done.bytes;
      if (done.checkpoint !== undefined) checkpoint = done.checkpoint;
      if (done.final) final = true;
    }
    if (advanced) this.onAdvance({ checkpoint, bytes, final });
    if (this.pending.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Batches not yet durable. */
  get inFlight(): number {
    return this.pending.length;
  }

  /** Resolves once every batch registered so far is acknowledged. */
  idle(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
