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
