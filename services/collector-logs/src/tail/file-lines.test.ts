import { RowBufferPool } from '@daytwo/core';
import type { DecodedLine } from '../parse/logical-line';
import type { FileLines } from './file-lines';
import { fileLines, TEST_MAX_CARRY_BYTES, TEST_MAX_LINE_BYTES } from './test-file-lines';

const TS = '2024-05-01T12:34:56.123456789Z';
const cri = (message: string) => `${TS} stdout F ${message}\n`;

/** Feeds `bytes` the way the tailer reads a file: chunks appended to the carried rest of the previous one. */
function decodeInChunks(lines: FileLines, bytes: Buffer, chunkBytes: number): DecodedLine[] {
  const out: DecodedLine[] = [];
  for (let position = 0; position < bytes.length; position += chunkBytes) {
    const fresh = bytes.subarray(position, position + chunkBytes);
    const carried = lines.carried;
    const view = lines.bufferFor(fresh.length);
    fresh.copy(view, carried);
    out.push(...lines.decodeChunk(view, position - carried, 0));
  }
  return out;
}

describe('FileLines', () => {
  // A physical line longer than maxCarryBytes is cut to bound memory; what follows the cut is the same line.
  it.each([512, 3000, 8192, 20_000])(
    'keeps one truncated record of a line longer than the carry bound, and no dead letters (chunks of %i bytes)',
    (chunkBytes) => {
      const lines = fileLines();
      const long = 'x'.repeat(5 * TEST_MAX_CARRY_BYTES + 123);
      const decoded = decodeInChunks(lines, Buffer.from(cri('first') + cri(long) + cri('after')), chunkBytes);
      const batch = lines.toBatch(decoded);
      expect(batch.deadLetters.map((d) => `${d.reason} at ${d.source.offset}`)).toEqual([]);
      expect(batch.records.map((r) => [r.message, r.log?.flags ?? [], r.log?.offset])).toEqual([
        ['first', [], 0],
        ['x'.repeat(TEST_MAX_LINE_BYTES), ['truncated'], cri('first').length],
        ['after', [], cri('first').length + cri(long).length],
      ]);
    },
  );
});

describe('FileLines read buffer', () => {
  const content = cri('first line') + cri(`second ${'b'.repeat(300)}`) + cri('third');
  const second = cri('first line').length;

  // Where the first read ends: carrying part of a header, part of a message, nothing, or all but the newline.
  it.each([second + 10, second + 100, second, content.length - 1])(
    'gives its buffer back and keeps a copy of the carried bytes, which another read may then overwrite (first read ends at %i)',
    (cut) => {
      const pool = new RowBufferPool(1 << 20);
      const lines = fileLines({ readBuffers: pool });
      const bytes = Buffer.from(content);
      const decoded: DecodedLine[] = [];

      const view = lines.bufferFor(cut);
      bytes.copy(view, 0, 0, cut);
      decoded.push(...lines.decodeChunk(view, 0, 0));
      lines.releaseBuffer();
      expect(lines.bufferBytes).toBe(0);
      expect(lines.carried).toBe(cut - content.lastIndexOf('\n', cut - 1) - 1);
      const other = pool.take(1);
      expect(other.buffer === view.buffer && other.byteOffset === view.byteOffset).toBe(true);
      other.fill('z');
      pool.give(other);

      const carried = lines.carried;
      const rest = lines.bufferFor(bytes.length - cut);
      expect(lines.bufferBytes).toBeGreaterThanOrEqual(carried + bytes.length - cut);
      bytes.copy(rest, carried, cut);
      decoded.push(...lines.decodeChunk(rest, cut - carried, 0));
      lines.releaseBuffer();
      decoded.push(...lines.decodeFinal(bytes.length, 0));
      expect(lines.toBatch(decoded).records.map((r) => [r.message, r.log?.offset])).toEqual([
        ['first line', 0],
        [`second ${'b'.repeat(300)}`, second],
        ['third', content.indexOf(cri('third'))],
      ]);
    },
  );

  it('takes a larger buffer when the carried bytes and the chunk do not fit, and gives the smaller one back', () => {
    const pool = new RowBufferPool(1 << 20);
    const lines = fileLines({ readBuffers: pool });
    const partial = Buffer.from(cri('x'.repeat(100)).slice(0, 80));
    const first = lines.bufferFor(partial.length);
    partial.copy(first);
    lines.decodeChunk(first, 0, 0);
    const held = lines.bufferBytes;
    const grown = lines.bufferFor(held);
    expect(grown.subarray(0, partial.length).equals(partial)).toBe(true);
    expect(lines.bufferBytes).toBeGreaterThanOrEqual(partial.length + held);
    expect(pool.pooledBytes).toBe(held);
  });
});
