/**
 * Buffers for LogRowWriter, used again once the rows written in them are released (LogRows.release: the collector
 * releases a batch's rows when Kafka acknowledged them). Without reuse every batch leaves a buffer as large as its rows
 * to the garbage collector, which frees such external memory only when it collects the object holding it: between
 * collections the buffers pile up, and the process' peak RSS with them.
 */
export class RowBufferPool {
  /** Free buffers, the most recently given back last. */
  private readonly free: Buffer[] = [];
  private freeBytes = 0;

  /** `maxFreeBytes`: free buffers beyond this are left to the garbage collector. */
  constructor(readonly maxFreeBytes: number) {
    if (!(maxFreeBytes >= 0)) throw new RangeError('maxFreeBytes must not be negative');
  }

  /** Bytes of the free buffers. */
  get pooledBytes(): number {
    return this.freeBytes;
  }

  /**
   * A buffer of at least `bytes`, its content arbitrary: the most recently given back that is large enough, else a new
   * one of `allocate` bytes (room to spare, so that it fits the next time too).
   */
  take(bytes: number, allocate = bytes): Buffer {
    for (let i = this.free.length - 1; i >= 0; i--) {
      const buffer = this.free[i]!;
      if (buffer.length < bytes) continue;
      this.free.splice(i, 1);
      this.freeBytes -= buffer.length;
      return buffer;
    }
    // None fits: the oldest free buffer goes, so that buffers too small for what is written now do not fill the pool.
    const oldest = this.free.shift();
    if (oldest !== undefined) this.freeBytes -= oldest.length;
    return Buffer.allocUnsafe(Math.max(bytes, allocate));
  }

  /** Takes `buffer` back; nothing may read or write it afterwards. */
  give(buffer: Buffer): void {
    if (this.freeBytes + buffer.length > this.maxFreeBytes) return;
    this.free.push(buffer);
    this.freeBytes += buffer.length;
  }
}
