const CASTAGNOLI_REVERSED = 0x82f63b78;
const SLICES = 8;

/** Table k at [k*256, k*256+256): the CRC of a byte followed by k zero bytes (slicing-by-8). */
const TABLE = (() => {
  const table = new Int32Array(256 * SLICES);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CASTAGNOLI_REVERSED : c >>> 1;
    table[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = table[n]!;
    for (let k = 1; k < SLICES; k++) {
      c = table[c & 0xff]! ^ (c >>> 8);
      table[k * 256 + n] = c;
    }
  }
  return table;
})();

/**
 * CRC-32C (Castagnoli), as Kafka record batches carry it. Slicing-by-8 takes eight bytes per step: measured about 3
 * times faster than the byte-at-a-time loop kafkajs ships, whose CRC over every produced byte was the largest single
 * cost of publishing uncompressed batches.
 */
export function crc32c(buffer: Uint8Array): number {
  const t = TABLE;
  const n = buffer.length;
  const view = new DataView(buffer.buffer, buffer.byteOffset, n);
  const end8 = n - (n & 7);
  let crc = -1;
  let i = 0;
  for (; i < end8; i += 8) {
    const a = view.getInt32(i, true) ^ crc;
    const b = view.getInt32(i + 4, true);
    crc =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + (b & 0xff)]! ^
      t[512 + ((b >>> 8) & 0xff)]! ^
      t[256 + ((b >>> 16) & 0xff)]! ^
      t[b >>> 24]!;
  }
  for (; i < n; i++) crc = t[(crc ^ buffer[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
