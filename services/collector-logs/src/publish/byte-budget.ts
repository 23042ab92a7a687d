interface Waiter {
  bytes: number;
  grant: () => void;
}

/**
 * Bounds the bytes read from files and not yet acknowledged by Kafka, across all files: a reader acquires before it
 * reads and the bytes are released once the records made from them are acknowledged. When Kafka is slow or down the
 * budget runs out and reading pauses. Waiters are served in arrival order, so no file starves.
 */
export class ByteBudget {
  private used = 0;
  private readonly waiters: Waiter[] = [];
  private closed = false;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('byte budget limit must be a positive integer');
  }

  get inUse(): number {
    return this.used;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Resolves once `bytes` fit. A request larger than the whole budget is granted when nothing else is in use, so it
   * cannot wait forever. After `close` every request is granted at once (shutdown: readers then see they must stop).
   */
  acquire(bytes: number): Promise<void> {
    if (this.closed || (this.waiters.length === 0 && this.fits(bytes))) {
      this.used += bytes;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push({ bytes, grant: resolve }));
  }

  release(bytes: number): void {
    if (bytes <= 0) return;
    this.used = Math.max(0, this.used - bytes);
    this.grantWaiting();
  }

  close(): void {
    this.closed = true;
    this.grantWaiting();
  }

  private fits(bytes: number): boolean {
    return this.used === 0 || this.used + bytes <= this.limit;
  }

  private grantWaiting(): void {
    while (this.waiters.length > 0) {
      const next = this.waiters[0]!;
      if (!this.closed && !this.fits(next.bytes)) return;
      this.waiters.shift();
      this.used += next.bytes;
      next.grant();
    }
  }
}
