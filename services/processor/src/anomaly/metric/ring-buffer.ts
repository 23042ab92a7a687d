/** Fixed-capacity FIFO of numbers: the only history a detector keeps, so memory per series stays constant. */
export class RingBuffer {
  private readonly data: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity ${capacity}`);
    this.data = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    this.data[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Storage index of the newest value (for tight loops over `raw()`, walking backwards with wrap-around). */
  get newestIndex(): number {
    return (this.head - 1 + this.capacity) % this.capacity;
  }

  /** `ago` = 0 is the newest value; undefined past the oldest one kept. */
  get(ago: number): number | undefined {
    if (ago < 0 || ago >= this.count) return undefined;
    return this.data[(this.head - 1 - ago + 2 * this.capacity) % this.capacity];
  }

  /** The values held, oldest first (allocation: use for snapshots, not per sample). */
  toArray(): number[] {
    const out: number[] = [];
    for (let ago = this.count - 1; ago >= 0; ago--) out.push(this.get(ago) ?? 0);
    return out;
  }

  /** Direct view of storage for tight loops; order is not chronological, only the first `size` slots are valid. */
  raw(): Float64Array {
    return this.data;
  }
}
