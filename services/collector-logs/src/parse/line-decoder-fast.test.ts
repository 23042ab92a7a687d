import { createLineDecoder, type PlainLineSink } from './line-decoder';
import type { LineDecoderOptions } from './line-decoder-options';
import type { DecodedLine } from './logical-line';

const TS = '2024-05-01T12:34:56.123456789Z';
const cri = (message: string, stream = 'stdout', tag = 'F') => `${TS} ${stream} ${tag} ${message}\n`;

/** What the publisher makes of a line, whichever way it came. */
function summary(line: DecodedLine): string {
  if (line.kind === 'rejected')
    return `${line.offset} rejected ${line.error.reason} ${JSON.stringify(line.error.raw.toString())}`;
  const { offset, timestamp, stream, flags, message } = line;
  return `${offset} ${timestamp} ${stream} [${flags.join(',')}] ${JSON.stringify(message)}`;
}

/** `decode` line by line, the reference. */
function decodeLines(options: LineDecoderOptions, text: Buffer) {
  const decoder = createLineDecoder(options);
  const out: string[] = [];
  for (let start = 0, nl = text.indexOf(0x0a); nl >= 0; start = nl + 1, nl = text.indexOf(0x0a, start)) {
    out.push(...decoder.decode(text.subarray(start, nl + 1), start, 0).map(summary));
  }
  out.push(...decoder.flushAll(0).map(summary));
  return { out, stats: decoder.stats, checkpoint: decoder.checkpoint() };
}

/** `decodeAt` over the chunk, plain lines through the sink. */
function decodeChunk(options: LineDecoderOptions, text: Buffer, utf8Valid: boolean) {
  const decoder = createLineDecoder(options);
  const out: string[] = [];
  let plainLines = 0;
  const sink: PlainLineSink = {
    plain(chunk, offset, tsStart, tsEnd, stream, messageStart, messageEnd) {
      plainLines++;
      const timestamp = chunk.toString('latin1', tsStart, tsEnd);
      out.push(
        `${offset} ${timestamp} ${stream} [] ${JSON.stringify(chunk.toString('utf8', messageStart, messageEnd))}`,
      );
    },
  };
  const decoded: DecodedLine[] = [];
  decoder.startChunk();
  for (let start = 0, nl = text.indexOf(0x0a); nl >= 0; start = nl + 1, nl = text.indexOf(0x0a, start)) {
    decoder.decodeAt(text, start, nl, start, 0, utf8Valid, sink, decoded);
    out.push(...decoded.map(summary));
    decoded.length = 0;
  }
  out.push(...decoder.flushAll(0).map(summary));
  return { out, stats: decoder.stats, checkpoint: decoder.checkpoint(), plainLines };
}

const JAVA = ['java.lang.IllegalStateException: boom', '\tat a.B.c(B.java:1)', '\tat d.E.f(E.java:2)'];
const MIXED = Buffer.concat([
  Buffer.from(
    [
      cri('hello'),
      cri('{"level":"info","msg":"a \\"quoted\\" word"}'),
      cri('oops', 'stderr'),
      cri('split ', 'stdout', 'P'),
      cri('interleaved', 'stderr'),
      cri('line'),
      ...JAVA.map((l) => cri(l)),
      cri('plain after the trace'),
      cri('an Error in passing', 'stderr'),
      'not a log line\n',
      cri('x'.repeat(300)),
      cri(''),
      cri('tab\tand control \u0001'),
      cri('héllo ✓'),
    ].join(''),
  ),
  Buffer.from(`${TS} stdout F bad \xff byte\n`, 'latin1'),
  Buffer.from(cri('last')),
]);

describe('LineDecoder.decodeAt', () => {
  const custom = { custom: [{ name: 'c', start: '^an', continue: '^ ' }] };
  it.each<[string, LineDecoderOptions, boolean]>([
    ['multiline on', { format: 'cri', maxLineBytes: 200, multiline: {} }, true],
    ['multiline off', { format: 'cri', maxLineBytes: 200 }, true],
    ['format detected', { format: 'auto', multiline: {} }, true],
    ['a custom multiline rule: every line is tried', { format: 'cri', multiline: custom }, false],
  ])('gives what decode gives, line for line, state included: %s', (_name, options, plain) => {
    const reference = decodeLines(options, MIXED);
    const fast = decodeChunk(options, MIXED, false);
    expect(fast.out).toEqual(reference.out);
    expect(fast.stats).toEqual(reference.stats);
    expect(fast.checkpoint).toEqual(reference.checkpoint);
    expect(fast.plainLines > 0).toBe(plain);
  });

  it('trusts a chunk known to be valid UTF-8 and checks each line otherwise', () => {
    const valid = Buffer.from(cri('héllo') + cri('ok'));
    expect(decodeChunk({ format: 'cri' }, valid, true).plainLines).toBe(2);
    const invalid = Buffer.concat([Buffer.from(`${TS} stdout F \xff\n`, 'latin1'), Buffer.from(cri('ok'))]);
    const fast = decodeChunk({ format: 'cri' }, invalid, false);
    expect(fast.plainLines).toBe(1);
    expect(fast.out[0]).toContain('[invalid_utf8]');
  });

  it('docker json-file lines take the decode path', () => {
    const docker = Buffer.from(`${JSON.stringify({ log: 'a\n', stream: 'stdout', time: TS })}\n`);
    const fast = decodeChunk({ format: 'auto' }, docker, true);
    expect(fast).toMatchObject({ out: [`0 ${TS} stdout [] "a"`], plainLines: 0 });
  });
});
