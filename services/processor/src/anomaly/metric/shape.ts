import type { RingBuffer } from './ring-buffer';

/** JSON form of a ShapeMemory. */
export interface ShapeMemoryState {
  /** Prototype points, prototype after prototype (`points` numbers each). */
  prototypes: number[];
  /** Per prototype: samples it absorbed (capped) and the sample count when it last matched. */
  hits: number[];
  lastUsed: number[];
  /** Typical spread of a window around its mean (the unit of the shape space). */
  scale: number;
  windows: number;
}

/** A prototype moves towards a matched window by 1/hits, with hits capped so that shapes still drift. */
const MAX_HITS = 32;
/** Time constant (windows) of the typical spread; a window counts at most this many times the spread. */
const SCALE_SPAN = 256;
const SCALE_CLIP = 4;

/**
 * Bounded online set of the window shapes a series has shown (adaptive-resonance style): the last `window` samples,
 * averaged down to `points` points, minus their mean and divided by the series' typical spread (so both shape and
 * amplitude count), are compared with every prototype. A window within `vigilance` (RMS per point) of its nearest
 * prototype pulls it closer; a farther one becomes a new prototype, replacing the least recently matched. The
 * distance to the nearest prototype before learning is how new the shape is.
 */
export class ShapeMemory {
  private readonly protos: Float64Array;
  private readonly hits: Float64Array;
  private readonly lastUsed: Float64Array;
  private readonly shape: Float64Array;
  private used = 0;
  private scale = 0;
  private windows = 0;

  constructor(
    readonly window: number,
    readonly points: number,
    readonly capacity: number,
    readonly vigilance: number,
  ) {
    this.protos = new Float64Array(capacity * points);
    this.hits = new Float64Array(capacity);
    this.lastUsed = new Float64Array(capacity);
    this.shape = new Float64Array(points);
  }

  /**
   * Distance of the newest window of `values` to the nearest prototype, then learns it; undefined while fewer than
   * `window` values are held or the spread is still unknown.
   */
  update(values: RingBuffer, n: number): number | undefined {
    const w = this.window;
    if (values.size < w) return undefined;
    const raw = values.raw();
    const cap = raw.length;
    const newest = values.newestIndex;
    let mean = 0;
    for (let p = 0; p < this.points; p++) {
      // Piecewise aggregate: point p averages samples [p*w/points, (p+1)*w/points) of the window, oldest first.
      const from = Math.floor((p * w) / this.points);
      const to = Math.floor(((p + 1) * w) / this.points);
      let sum = 0;
      for (let i = from; i < to; i++) sum += raw[(newest - (w - 1 - i) + cap) % cap]!;
      this.shape[p] = sum / (to - from);
      mean += sum;
    }
    mean /= w;
    let spread = 0;
    for (let p = 0; p < this.points; p++) {
      this.shape[p]! -= mean;
      spread += this.shape[p]! * this.shape[p]!;
    }
    spread = Math.sqrt(spread / this.points);
    const scale = this.scale;
    this.windows++;
    this.scale =
      this.windows === 1
        ? spread
        : scale + (Math.min(spread, SCALE_CLIP * scale) - scale) / Math.min(this.windows, SCALE_SPAN);
    if (!(scale > 0)) return undefined;
    for (let p = 0; p < this.points; p++) this.shape[p]! /= scale;
    return this.learn(n);
  }

  private learn(n: number): number {
    const d = this.points;
    let best = -1;
    let bestDist = Infinity;
    for (let k = 0; k < this.used; k++) {
      let dist = 0;
      const base = k * d;
      for (let p = 0; p < d && dist < bestDist; p++) {
        const e = this.shape[p]! - this.protos[base + p]!;
        dist += e * e;
      }
      if (dist < bestDist) {
        bestDist = dist;
        best = k;
      }
    }
    const distance = best < 0 ? Infinity : Math.sqrt(bestDist / d);
    if (best >= 0 && distance <= this.vigilance) {
      const hits = Math.min(this.hits[best]! + 1, MAX_HITS);
      this.hits[best] = hits;
      this.lastUsed[best] = n;
      for (let p = 0; p < d; p++) this.protos[best * d + p]! += (this.shape[p]! - this.protos[best * d + p]!) / hits;
    } else {
      let slot = this.used;
      if (slot < this.capacity) this.used++;
      else for (let k = (slot = 0); k < this.capacity; k++) if (this.lastUsed[k]! < this.lastUsed[slot]!) slot = k;
      this.protos.set(this.shape, slot * d);
      this.hits[slot] = 1;
      this.lastUsed[slot] = n;
    }
    return best < 0 ? 0 : distance;
  }

  toJSON(): ShapeMemoryState {
    return {
      prototypes: Array.from(this.protos.subarray(0, this.used * this.points)),
      hits: Array.from(this.hits.subarray(0, this.used)),
      lastUsed: Array.from(this.lastUsed.subarray(0, this.used)),
      scale: this.scale,
      windows: this.windows,
    };
  }

  /** Restores saved prototypes; ones beyond this memory's capacity, or of another point count, are dropped. */
  restore(state: ShapeMemoryState): void {
    const used = Math.min(this.capacity, state.hits.length, state.lastUsed.length);
    if (state.prototypes.length !== state.hits.length * this.points) return;
    this.protos.set(state.prototypes.slice(0, used * this.points));
    this.hits.set(state.hits.slice(0, used));
    this.lastUsed.set(state.lastUsed.slice(0, used));
    this.used = used;
    this.scale = state.scale;
    this.windows = state.windows;
  }
}
