import { PartialLineReassembler, type LinePart, type ReassembledLine } from './reassemble';
import type { LogStream } from './types';

type Step = [stream: LogStream, message: string, partial: boolean];

/** Feeds parts at consecutive offsets (each physical line 100 bytes long) and returns what completed. */
function feed(reassembler: PartialLineReassembler, steps: Step[]): Array<Partial<ReassembledLine> & { text: string }> {
  const done: Array<Partial<ReassembledLine> & { text: string }> = [];
  steps.forEach(([stream, message, partial], i) => {
    const part: LinePart = {
      stream,
      timestamp: `t${i}`,
      message: Buffer.from(message),
      partial,
      offset: i * 100,
      endOffset: i * 100 + 100,
    };
    const line = reassembler.push(part, i);
    if (line) {
      const { message: bytes, ...rest } = line;
      done.push({ ...rest, text: bytes.toString('utf8') });
    }
  });
  return done;
}

describe('PartialLineReassembler', () => {
  it.each<[string, Step[], Array<Partial<ReassembledLine> & { text: string }>]>([
    [
      'complete lines pass through',
      [
        ['stdout', 'a', false],
        ['stdout', 'b', false],
      ],
      [
        { text: 'a', offset: 0, endOffset: 100, timestamp: 't0', parts: 1, complete: true },
        { text: 'b', offset: 100, endOffset: 200, timestamp: 't1', parts: 1, complete: true },
      ],
    ],
    [
      'parts are joined; first offset and timestamp, last end offset',
      [
        ['stdout', 'he', true],
        ['stdout', 'll', true],
        ['stdout', 'o', false],
      ],
      [{ text: 'hello', offset: 0, endOffset: 300, timestamp: 't0', parts: 3, truncated: false, droppedBytes: 0 }],
    ],
    [
      'stdout and stderr interleave independently',
      [
        ['stdout', 'out-1 ', true],
        ['stderr', 'err-1 ', true],
        ['stdout', 'out-2', false],
        ['stderr', 'err-2', false],
      ],
      [
        { stream: 'stdout', text: 'out-1 out-2', offset: 0, endOffset: 300 },
        { stream: 'stderr', text: 'err-1 err-2', offset: 100, endOffset: 400 },
      ],
    ],
    [
      'a complete line on the other stream is not held back',
      [
        ['stdout', 'open ', true],
        ['stderr', 'alone', false],
        ['stdout', 'closed', false],
      ],
      [
        { stream: 'stderr', text: 'alone', offset: 100 },
        { stream: 'stdout', text: 'open closed', offset: 0 },
      ],
    ],
  ])('%s', (_name, steps, expected) => {
    const done = feed(new PartialLineReassembler(), steps);
    expect(done).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(done[i]).toMatchObject(e));
  });

  it.each<[string, number, Step[], { text: string; droppedBytes: number; parts: number; endOffset: number }]>([
    [
      'single line over the limit',
      4,
      [['stdout', 'abcdefgh', false]],
      { text: 'abcd', droppedBytes: 4, parts: 1, endOffset: 100 },
    ],
    [
      'parts after the limit are skipped but counted',
      5,
      [
        ['stdout', 'abc', true],
        ['stdout', 'def', true],
        ['stdout', 'ghi', true],
        ['stdout', 'jk', false],
      ],
      { text: 'abcde', droppedBytes: 6, parts: 4, endOffset: 400 },
    ],
    [
      'cut on a character boundary',
      4,
      [
        ['stdout', 'ab', true],
        ['stdout', '✓c', false],
      ],
      { text: 'ab', droppedBytes: 4, parts: 2, endOffset: 200 },
    ],
    [
      'character split by the runtime across parts',
      8,
      [
        ['stdout', 'a', true],
        ['stdout', 'é', false],
      ],
      { text: 'aé', droppedBytes: 0, parts: 2, endOffset: 200 },
    ],
  ])('truncates: %s', (_name, max, steps, expected) => {
    const [line] = feed(new PartialLineReassembler(max), steps);
    expect(line).toMatchObject({ ...expected, truncated: expected.droppedBytes > 0, complete: true });
  });

  it('joins a multi-byte character split between parts', () => {
    const r = new PartialLineReassembler();
    const check = Buffer.from('✓');
    const base = { stream: 'stdout' as const, timestamp: 't', offset: 0, endOffset: 10 };
    expect(r.push({ ...base, message: check.subarray(0, 1), partial: true }, 0)).toBeUndefined();
    const line = r.push({ ...base, message: check.subarray(1), partial: false }, 0);
    expect(line?.message.toString('utf8')).toBe('✓');
  });

  it('copies parts it keeps, so the caller may reuse its read buffer', () => {
    const r = new PartialLineReassembler();
    const buf = Buffer.from('first');
    r.push({ stream: 'stdout', timestamp: 't', message: buf, partial: true, offset: 0, endOffset: 10 }, 0);
    buf.write('XXXXX');
    const line = r.push(
      { stream: 'stdout', timestamp: 't', message: Buffer.from('!'), partial: false, offset: 10, endOffset: 20 },
      0,
    );
    expect(line?.message.toString()).toBe('first!');
  });

  it('reports the offset of unfinished lines and flushes them on timeout, in file order', () => {
    const r = new PartialLineReassembler();
    feed(r, [
      ['stderr', 'err', true],
      ['stdout', 'out', true],
    ]);
    expect([r.pendingOffset('stdout'), r.pendingOffset('stderr')]).toEqual([100, 0]);
    expect(r.flush(1000, 5000)).toEqual([]);
    const flushed = r.flush(5001, 5000);
    expect(flushed.map((l) => [l.stream, l.message.toString(), l.complete])).toEqual([
      ['stderr', 'err', false],
      ['stdout', 'out', false],
    ]);
    expect([r.pendingOffset('stdout'), r.pendingOffset('stderr')]).toEqual([-1, -1]);
  });

  it('flushAll emits every unfinished line', () => {
    const r = new PartialLineReassembler();
    feed(r, [['stdout', 'out', true]]);
    expect(r.flushAll().map((l) => l.message.toString())).toEqual(['out']);
    expect(r.isOpen('stdout')).toBe(false);
  });

  it('rejects a non-positive size limit', () => {
    expect(() => new PartialLineReassembler(0)).toThrow(RangeError);
  });
});
