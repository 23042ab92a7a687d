import type { LogRecord } from '@daytwo/core';
import type { DeadLetterDraft } from '../publish/record-builder';
import { fileLines } from './test-file-lines';

const TS = '2024-05-01T12:34:56.123456789Z';
const cri = (message: string, stream = 'stdout', tag = 'F') => `${TS} ${stream} ${tag} ${message}\n`;

interface Published {
  records: LogRecord[];
  deadLetters: DeadLetterDraft[];
}

/** Feeds `bytes` in chunks as the tailer does, through `encodeChunk` or through `decodeChunk` + `toBatch`. */
function publish(bytes: Buffer, chunkBytes: number, encoded: boolean): Published {
  const lines = fileLines({ multiline: {} });
  const out: Published = { records: [], deadLetters: [] };
  for (let position = 0; position < bytes.length; position += chunkBytes) {
    const fresh = bytes.subarray(position, position + chunkBytes);
    const carried = lines.carried;
    const view = lines.bufferFor(fresh.length);
    fresh.copy(view, carried);
    if (encoded) {
      const batch = lines.encodeChunk(view, position - carried, 0);
      out.records.push(...batch.rows);
      out.deadLetters.push(...batch.deadLetters);
    } else {
      const batch = lines.toBatch(lines.decodeChunk(view, position - carried, 0));
      out.records.push(...batch.records);
      out.deadLetters.push(...batch.deadLetters);
    }
  }
  const final = lines.decodeFinal(bytes.length, 0);
  if (encoded) {
    const batch = lines.encode(final);
    out.records.push(...batch.rows);
    out.deadLetters.push(...batch.deadLetters);
  } else {
    const batch = lines.toBatch(final);
    out.records.push(...batch.records);
    out.deadLetters.push(...batch.deadLetters);
  }
  return out;
}

const content = Buffer.concat([
  Buffer.from(
    [
      cri('first'),
      cri('{"level":"info","msg":"quoted \\"word\\""}'),
      cri('split ', 'stdout', 'P'),
      cri('err', 'stderr'),
      cri('line'),
      ...Array.from({ length: 150 }, (_, i) => cri(`line ${i} ${'x'.repeat(i % 70)}`)),
      cri('java.lang.IllegalStateException: boom'),
      cri('\tat a.B.c(B.java:1)'),
      cri('after the trace'),
      'not a log line\n',
      cri('y'.repeat(9000)),
      cri('tab\there'),
    ].join(''),
  ),
  Buffer.from(`${TS} stdout F bad \xff byte\n`, 'latin1'),
  Buffer.from(cri('unterminated').slice(0, -1)),
]);

describe('FileLines.encodeChunk', () => {
  it.each([512, 3000, 4096, 20_000, 1 << 20])(
    'publishes the same records and dead letters as decodeChunk + toBatch (chunks of %i bytes)',
    (chunkBytes) => {
      const reference = publish(content, 1 << 20, false);
      const encoded = publish(content, chunkBytes, true);
      expect(encoded.records).toEqual(reference.records);
      expect(encoded.deadLetters.map((d) => [d.reason, d.recordId, d.raw])).toEqual(
        reference.deadLetters.map((d) => [d.reason, d.recordId, d.raw]),
      );
      expect(reference.records.length).toBeGreaterThan(150);
      expect(reference.deadLetters).toHaveLength(1);
    },
  );
});
