/**
 * Exact float64 bit patterns as the two little-endian 32-bit words protobuf's 64-bit wire type carries.
 * JS engines may canonicalise NaN payloads when a NaN passes through a JS number, so the Prometheus staleness
 * marker is never built as a number: its bits go straight from this constant to the wire.
 */
export interface Float64Bits {
  /** Low 32 bits, unsigned. */
  low: number;
  /** High 32 bits, unsigned. */
  high: number;
}

/** Prometheus `value.StaleNaN`: a NaN whose payload marks a series as stale. */
export const STALE_NAN_BITS: Readonly<Float64Bits> = Object.freeze({ low: 0x00000002, high: 0x7ff00000 });

const scratch = new DataView(new ArrayBuffer(8));

export function float64ToBits(value: number): Float64Bits {
  scratch.setFloat64(0, value, true);
  return { low: scratch.getUint32(0, true), high: scratch.getUint32(4, true) };
}

export function bitsToFloat64(bits: Float64Bits): number {
  scratch.setUint32(0, bits.low >>> 0, true);
  scratch.setUint32(4, bits.high >>> 0, true);
  return scratch.getFloat64(0, true);
}

export function isStaleNaNBits(bits: Float64Bits): boolean {
  return bits.low >>> 0 === STALE_NAN_BITS.low && bits.high >>> 0 === STALE_NAN_BITS.high;
}
