import { createLineDecoder } from './line-decoder';
import type { LineDecoderOptions } from './line-decoder-options';
import type { DecodedLine } from './logical-line';

const TS = '2024-05-01T12:34:56.123456789Z';
const cri = (stream: string, tag: string, message: string) => `${TS} ${stream} ${tag} ${message}\n`;
const docker = (stream: string, log: string) => `${JSON.stringify({ log, stream, time: TS })}\n`;

/** Physical lines with their byte offsets. */
function file(lines: string[]): Array<{ bytes: Buffer; offset: number }> {
  let offset = 0;
  return lines.map((l) => {
    const bytes = Buffer.from(l);
    const at = offset;
    offset += bytes.length;
    return { bytes, offset: at };
  });
}

/** Comparable summary of an output: what the caller would publish. */
function summary(line: DecodedLine): string {
  if (line.kind === 'rejected') return `${line.offset}-${line.endOffset} rejected ${line.error.reason}`;
  return `${line.offset}-${line.endOffset} ${line.stream} [${line.flags.join(',')}] ${JSON.stringify(line.message)}`;
}

function decodeAll(options: LineDecoderOptions, lines: string[]): string[] {
  const decoder = createLineDecoder(options);
  const out = file(lines).flatMap(({ bytes, offset }) => decoder.decode(bytes, offset, 0));
  return [...out, ...decoder.flushAll(0)].map(summary);
}

describe('LineDecoder', () => {
  it.each<[string, LineDecoderOptions, string[], string[]]>([
    [
      'CRI lines of both streams',
      { format: 'cri' },
      [cri('stdout', 'F', 'hello'), cri('stderr', 'F', 'oops')],
      ['0-46 stdout [] "hello"', '46-91 stderr [] "oops"'],
    ],
    [
      'CRI partial lines interleaved with the other stream',
      { format: 'cri' },
      [cri('stdout', 'P', 'a'), cri('stderr', 'F', 'e'), cri('stdout', 'F', 'b')],
      ['42-84 stderr [] "e"', '0-126 stdout [partial_reassembled] "ab"'],
    ],
    [
      'a bad line is rejected, the rest goes on',
      { format: 'cri' },
      [cri('stdout', 'F', 'a'), 'garbage\n', cri('stdout', 'F', 'b')],
      ['0-42 stdout [] "a"', '42-50 rejected bad_timestamp', '50-92 stdout [] "b"'],
    ],
    [
      'truncation',
      { format: 'cri', maxLineBytes: 3 },
      [cri('stdout', 'P', 'abcd'), cri('stdout', 'F', 'ef'), cri('stdout', 'F', 'ok')],
      ['0-88 stdout [truncated,partial_reassembled] "abc"', '88-131 stdout [] "ok"'],
    ],
    [
      'a split line never finished is emitted by flushAll',
      { format: 'cri' },
      [cri('stdout', 'P', 'cut')],
      ['0-44 stdout [] "cut"'],
    ],
    [
      'multiline over reassembled parts',
      { format: 'cri', multiline: {} },
      [
        cri('stdout', 'P', 'Error: bo'),
        cri('stdout', 'F', 'om'),
        cri('stdout', 'F', '    at x (a.js:1:1)'),
        cri('stdout', 'F', 'next'),
      ],
      ['0-153 stdout [partial_reassembled,multiline] "Error: boom\\n    at x (a.js:1:1)"', '153-198 stdout [] "next"'],
    ],
    [
      'docker json-file with a split line',
      { format: 'docker-json' },
      [docker('stdout', 'par'), docker('stderr', 'err\n'), docker('stdout', 'tial\n')],
      ['72-146 stderr [] "err"', '0-221 stdout [partial_reassembled] "partial"'],
    ],
    [
      'auto-detected format; lines before detection are rejected',
      { format: 'auto' },
      ['junk\n', docker('stdout', 'x\n')],
      ['0-5 rejected unknown_format', '5-77 stdout [] "x"'],
    ],
  ])('%s', (_name, options, lines, expected) => {
    expect(decodeAll(options, lines)).toEqual(expected);
  });

  it('flags bytes that are not UTF-8', () => {
    const decoder = createLineDecoder({ format: 'cri' });
    const line = Buffer.concat([Buffer.from(`${TS} stdout F x`), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    expect(decoder.decode(line, 0, 0).map(summary)).toEqual(['0-44 stdout [invalid_utf8] "x�("']);
    expect(decoder.stats.invalidUtf8Lines).toBe(1);
  });

  it('checks UTF-8 on the reassembled line, so a character split between parts is not flagged', () => {
    const decoder = createLineDecoder({ format: 'cri' });
    const header = (tag: string) => Buffer.from(`${TS} stdout ${tag} `);
    const lines = [
      Buffer.concat([header('P'), Buffer.from([0x61, 0xc3, 0x0a])]),
      Buffer.concat([header('F'), Buffer.from([0xa9, 0x0a])]),
      Buffer.concat([header('P'), Buffer.from([0xff, 0x0a])]),
      Buffer.concat([header('F'), Buffer.from('b\n')]),
    ];
    let offset = 0;
    const out = lines.flatMap((bytes) => decoder.decode(bytes, (offset += bytes.length) - bytes.length, 0));
    expect(out.map(summary)).toEqual([
      '0-85 stdout [partial_reassembled] "aé"',
      '85-169 stdout [partial_reassembled,invalid_utf8] "�b"',
    ]);
  });

  it('keeps the first physical line offset of a split line that spans a chunk of the file', () => {
    const decoder = createLineDecoder({ format: 'cri' });
    const lines = file([cri('stdout', 'F', 'a'), cri('stdout', 'P', 'b'), cri('stdout', 'F', 'c')]);
    const out = lines.flatMap(({ bytes, offset }) => decoder.decode(bytes, offset, 0));
    expect(out.map((l) => [l.offset, l.endOffset])).toEqual([
      [0, 42],
      [42, 126],
    ]);
  });

  it('safeOffset stays at the oldest buffered line and advances once it is emitted', () => {
    const decoder = createLineDecoder({ format: 'cri', multiline: {} });
    const lines = file([
      cri('stdout', 'P', 'par'), // 0: split line, buffered
      cri('stderr', 'F', 'Error: x'), // 44: multiline candidate, buffered
      cri('stdout', 'F', 't'), // 93: completes the stdout line
      cri('stderr', 'F', 'plain'), // 135: completes the stderr event, ends at 181
    ]);
    const safe = lines.map(({ bytes, offset }) => {
      decoder.decode(bytes, offset, 0);
      return decoder.safeOffset();
    });
    expect(safe).toEqual([0, 0, 44, 181]);
  });

  it('flush emits what timed out: split lines after partialTimeoutMs, events after flushTimeoutMs', () => {
    const decoder = createLineDecoder({ format: 'cri', partialTimeoutMs: 5000, multiline: { flushTimeoutMs: 1000 } });
    const [p, e] = file([cri('stdout', 'P', 'half'), cri('stderr', 'F', 'Error: x')]);
    decoder.decode(p!.bytes, p!.offset, 0);
    decoder.decode(e!.bytes, e!.offset, 0);
    expect(decoder.flush(999)).toEqual([]);
    expect(decoder.flush(1000).map(summary)).toEqual(['45-94 stderr [] "Error: x"']);
    expect(decoder.flush(4999)).toEqual([]);
    // The stdout part goes through the merger, which holds nothing for it.
    expect(decoder.flush(5000).map(summary)).toEqual(['0-45 stdout [] "half"']);
    expect(decoder.stats.unfinishedLines).toBe(1);
    expect(decoder.safeOffset()).toBe(94);
  });

  it('rejects a bad partialTimeoutMs and bad multiline config', () => {
    expect(() => createLineDecoder({ format: 'cri', partialTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => createLineDecoder({ format: 'cri', multiline: { maxLines: 0 } })).toThrow('multiline.maxLines');
  });
});

/** Interleaved streams, split lines, multiline events, a truncated line and a bad line: every kind of buffering. */
const TORTURE: Array<[string, LineDecoderOptions, string[]]> = [
  [
    'CRI',
    { format: 'cri', multiline: {}, maxLineBytes: 40 },
    [
      cri('stdout', 'F', 'plain 1'),
      cri('stdout', 'P', 'split '.repeat(5)),
      cri('stderr', 'F', 'java.lang.IllegalStateException: boom'),
      cri('stdout', 'P', 'across '),
      cri('stderr', 'F', '\tat A.a(A.java:1)'),
      cri('stdout', 'F', 'three'),
      'not a log line',
      cri('stderr', 'F', '\tat B.b(B.java:2)'),
      cri('stdout', 'F', 'Traceback (most recent call last):'),
      cri('stdout', 'F', '  File "x.py", line 1, in <module>'),
      cri('stderr', 'F', 'plain err'),
      cri('stdout', 'F', 'ValueError: x'),
      cri('stdout', 'F', 'plain 2'),
      cri('stderr', 'P', 'unfinished'),
    ],
  ],
  [
    'docker json-file',
    { format: 'docker-json', multiline: {} },
    [
      docker('stdout', 'Error: bo'),
      docker('stderr', 'e1\n'),
      docker('stdout', 'om\n'),
      docker('stdout', '    at x (a.js:1:1)\n'),
      docker('stderr', 'e2 part '),
      'garbage',
      docker('stdout', 'next\n'),
      docker('stderr', 'end\n'),
    ],
  ],
];

describe('LineDecoder checkpoint and resume', () => {
  /** Decodes `lines[from..to)` (by index), skipping lines before `startOffset`. */
  function run(options: LineDecoderOptions, lines: ReturnType<typeof file>, to: number) {
    const decoder = createLineDecoder(options);
    const start = options.resume?.offset ?? 0;
    const out: DecodedLine[] = [];
    for (const { bytes, offset } of lines.slice(0, to))
      if (offset >= start) out.push(...decoder.decode(bytes, offset, 0));
    return { decoder, out };
  }

  it.each(TORTURE)('%s: a restart at any line emits every record exactly once', (_name, options, text) => {
    const lines = file(text.map((l) => (l.endsWith('\n') ? l : `${l}\n`)));
    const reference = decodeAll(
      options,
      text.map((l) => (l.endsWith('\n') ? l : `${l}\n`)),
    ).sort();
    expect(reference.length).toBeGreaterThanOrEqual(5);
    for (let crash = 0; crash <= lines.length; crash++) {
      const before = run(options, lines, crash);
      const checkpoint = before.decoder.checkpoint();
      const after = run({ ...options, resume: checkpoint }, lines, lines.length);
      const emitted = [...before.out, ...after.out, ...after.decoder.flushAll(0)].map(summary).sort();
      expect({ crash, emitted }).toEqual({ crash, emitted: reference });
    }
  });

  it.each(TORTURE)(
    '%s: a second restart while re-reading after the first one loses and repeats nothing',
    (_name, options, text) => {
      const lines = file(text.map((l) => (l.endsWith('\n') ? l : `${l}\n`)));
      const reference = decodeAll(
        options,
        text.map((l) => (l.endsWith('\n') ? l : `${l}\n`)),
      ).sort();
      for (let crash1 = 0; crash1 <= lines.length; crash1++) {
        const first = run(options, lines, crash1);
        const checkpoint1 = first.decoder.checkpoint();
        // crash2 < crash1 stops while re-reading what the first run had consumed.
        for (let crash2 = 0; crash2 <= lines.length; crash2++) {
          const second = run({ ...options, resume: checkpoint1 }, lines, crash2);
          const checkpoint2 = second.decoder.checkpoint();
          const third = run({ ...options, resume: checkpoint2 }, lines, lines.length);
          const emitted = [...first.out, ...second.out, ...third.out, ...third.decoder.flushAll(0)].map(summary).sort();
          expect({ crash1, crash2, emitted }).toEqual({ crash1, crash2, emitted: reference });
        }
      }
    },
  );

  it('a split line flushed by timeout while re-reading is not emitted again after another restart', () => {
    const options: LineDecoderOptions = { format: 'cri', partialTimeoutMs: 1000 };
    const lines = file([
      cri('stdout', 'P', 'a'),
      cri('stdout', 'P', 'b'),
      cri('stderr', 'F', 'x'),
      cri('stdout', 'F', 'c'),
    ]);
    const first = run(options, lines, 3);
    const checkpoint1 = first.decoder.checkpoint();
    expect(checkpoint1).toMatchObject({ offset: 0, pendingStdout: 0 });
    const second = run({ ...options, resume: checkpoint1 }, lines, 1);
    const flushed = second.decoder.flush(5000);
    const third = run({ ...options, resume: second.decoder.checkpoint() }, lines, lines.length);
    const emitted = [...first.out, ...second.out, ...flushed, ...third.out, ...third.decoder.flushAll(0)].map(summary);
    expect(emitted.sort()).toEqual([
      '0-42 stdout [] "a"',
      '42-168 stdout [partial_reassembled] "bc"',
      '84-126 stderr [] "x"',
    ]);
  });

  it('the checkpoint names the unfinished lines per stream', () => {
    const lines = file([cri('stdout', 'P', 'a'), cri('stderr', 'F', 'b'), cri('stderr', 'P', 'c')]);
    const { decoder } = run({ format: 'cri' }, lines, 3);
    expect(decoder.checkpoint()).toEqual({ offset: 0, consumedEnd: 126, pendingStdout: 0, pendingStderr: 84 });
  });

  it.each([
    [{ offset: 10, consumedEnd: 5, pendingStdout: -1, pendingStderr: -1 }],
    [{ offset: 0, consumedEnd: 50, pendingStdout: -1, pendingStderr: -1 }],
    [{ offset: 0, consumedEnd: 50, pendingStdout: 60, pendingStderr: 0 }],
    [{ offset: 0, consumedEnd: 50, pendingStdout: 10, pendingStderr: -1 }],
    [{ offset: -1, consumedEnd: 50, pendingStdout: -1, pendingStderr: -1 }],
  ])('refuses an inconsistent checkpoint %j', (resume) => {
    expect(() => createLineDecoder({ format: 'cri', resume })).toThrow('checkpoint');
  });
});
