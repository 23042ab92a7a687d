/**
 * The range a series has covered over a long time, in O(1) memory: the extremes follow new values at once and shrink
 * towards each other by 1/memory of the range per sample, so a level last seen weeks ago is forgotten slowly.
 */
export class LongRange {
  min = Number.NaN;
  max = Number.NaN;

  constructor(private readonly memory: number) {}

  contains(x: number): boolean {
    return x >= this.min && x <= this.max;
  }

  push(x: number): void {
    if (Number.isNaN(this.min)) {
      this.min = x;
      this.max = x;
      return;
    }
    const shrink = (this.max - this.min) / (2 * this.memory);
    this.min = Math.min(x, this.min + shrink);
    this.max = Math.max(x, this.max - shrink);
  }

  toJSON(): { min: number; max: number } | null {
    return Number.isNaN(this.min) ? null : { min: this.min, max: this.max };
  }

  restore(state: { min: number; max: number } | null): void {
    this.min = state?.min ?? Number.NaN;
    this.max = state?.max ?? Number.NaN;
  }
}
