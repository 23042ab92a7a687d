import { Registry } from 'prom-client';
import { podLogMetadata } from '../discovery/layout';
import { CollectorMetrics } from '../metrics';
import { createLineDecoder } from '../parse/line-decoder';
import type { DecodedLine } from '../parse/logical-line';
import { RecordBuilder } from '../publish/record-builder';
import { FileHead } from './file-head';
import { FileLines } from './file-lines';

const TS = '2024-05-01T12:34:56.123456789Z';
const cri = (message: string) => `${TS} stdout F ${message}\n`;
const MAX_LINE_BYTES = 1024;
const MAX_CARRY_BYTES = 4096;

function fileLines(): FileLines {
  const path = '/var/log/pods/ns_pod_0d7a3c1e-1111/app/0.log';
  return new FileLines({
    head: new FileHead(),
    builder: new RecordBuilder({
      path,
      meta: podLogMetadata('ns_pod_0d7a3c1e-1111', 'app', '0.log')!,
      nodeName: 'n',
      hostName: 'h',
    }),
    decoder: createLineDecoder({ format: 'cri', maxLineBytes: MAX_LINE_BYTES, multiline: false }),
    idDev: 1n,
    idIno: 2n,
    maxCarryBytes: MAX_CARRY_BYTES,
    metrics: new CollectorMetrics(new Registry()),
  });
}

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
      const long = 'x'.repeat(5 * MAX_CARRY_BYTES + 123);
      const decoded = decodeInChunks(lines, Buffer.from(cri('first') + cri(long) + cri('after')), chunkBytes);
      const batch = lines.toBatch(decoded);
      expect(batch.deadLetters.map((d) => `${d.reason} at ${d.source.offset}`)).toEqual([]);
      expect(batch.records.map((r) => [r.message, r.log?.flags ?? [], r.log?.offset])).toEqual([
        ['first', [], 0],
        ['x'.repeat(MAX_LINE_BYTES), ['truncated'], cri('first').length],
        ['after', [], cri('first').length + cri(long).length],
      ]);
    },
  );
});
