import { MultilineMerger } from './merger';
import { line, logicalLines } from './test-lines';
import type { LogicalLine } from '../parse/logical-line';

const TRACE = [
  'java.lang.IllegalStateException: boom',
  '\tat A.a(A.java:1)',
  '\tat B.b(B.java:2)',
  '\tat C.c(C.java:3)',
];

function pushAll(merger: MultilineMerger, lines: LogicalLine[], nowMs = 0): LogicalLine[] {
  return lines.flatMap((l) => merger.push(l, nowMs));
}

describe('MultilineMerger', () => {
  it('passes a line no rule starts on through as the same object, at once', () => {
    const merger = new MultilineMerger();
    const plain = line('GET /health 200', 0);
    expect(merger.push(plain, 0)).toEqual([plain]);
    expect(merger.push(plain, 0)[0]).toBe(plain);
  });

  it('merges with the first line offset and timestamp, the last end offset, joined by newlines, flagged', () => {
    const merger = new MultilineMerger();
    const lines = logicalLines([...TRACE, 'next'], 'stdout', 3);
    lines[2] = { ...lines[2]!, flags: ['invalid_utf8'], droppedBytes: 5 };
    const [event, next, ...rest] = pushAll(merger, lines);
    expect(rest).toEqual([]);
    expect(next).toBe(lines[4]);
    expect(event).toEqual({
      kind: 'line',
      offset: 300,
      endOffset: 700,
      timestamp: 'ts@300',
      stream: 'stdout',
      message: TRACE.join('\n'),
      flags: ['invalid_utf8', 'multiline'],
      droppedBytes: 5,
    });
    expect(merger.pendingOffset('stdout')).toBe(-1);
    expect(merger.flushAll()).toEqual([]);
  });

  it('keeps stdout and stderr apart', () => {
    const merger = new MultilineMerger();
    const interleaved = [
      line(TRACE[0]!, 0, 'stdout'),
      line('Error: on stderr', 100, 'stderr'),
      line(TRACE[1]!, 200, 'stdout'),
      line('    at x (/a.js:1:1)', 300, 'stderr'),
      line('plain out', 400, 'stdout'),
      line('plain err', 500, 'stderr'),
    ];
    const events = pushAll(merger, interleaved);
    expect(events.map((e) => [e.stream, e.offset, e.endOffset, e.message])).toEqual([
      ['stdout', 0, 300, `${TRACE[0]}\n${TRACE[1]}`],
      ['stdout', 400, 500, 'plain out'],
      ['stderr', 100, 400, 'Error: on stderr\n    at x (/a.js:1:1)'],
      ['stderr', 500, 600, 'plain err'],
    ]);
  });

  it.each([
    ['maxLines', { maxLines: 2 }, [TRACE.slice(0, 2), TRACE.slice(2, 4)]],
    // UTF-8 sizes: 37 bytes, then 17 + 1 newline for each frame
    ['maxBytes', { maxBytes: 40 }, [TRACE.slice(0, 1), TRACE.slice(1, 3), TRACE.slice(3, 4)]],
    ['no limit reached', {}, [TRACE]],
  ])('splits an event at %s; the rest starts a new event', (_name, limits, expected) => {
    const merger = new MultilineMerger(limits);
    const events = [...pushAll(merger, logicalLines(TRACE)), ...merger.flushAll()];
    expect(events.map((e) => e.message.split('\n'))).toEqual(expected);
  });

  it('flushes an event once its last line is flushTimeoutMs old', () => {
    const merger = new MultilineMerger({ flushTimeoutMs: 1000 });
    merger.push(line(TRACE[0]!, 0), 0);
    merger.push(line(TRACE[1]!, 100), 500);
    expect(merger.pendingOffset('stdout')).toBe(0);
    expect(merger.flush(1499)).toEqual([]);
    expect(merger.flush(1500).map((e) => e.message)).toEqual([`${TRACE[0]}\n${TRACE[1]}`]);
    expect(merger.pendingOffset('stdout')).toBe(-1);
    // A continuation line after the timeout starts its own event.
    merger.push(line(TRACE[2]!, 200), 2000);
    expect(merger.flushAll().map((e) => e.offset)).toEqual([200]);
  });

  it('flushAll emits pending events of both streams in file order', () => {
    const merger = new MultilineMerger();
    merger.push(line('Error: b', 100, 'stdout'), 0);
    merger.push(line('Error: a', 0, 'stderr'), 0);
    expect(merger.flushAll().map((e) => e.offset)).toEqual([0, 100]);
  });

  it('does not flag a held line that got no continuation', () => {
    const merger = new MultilineMerger();
    const head = line('Error: lonely', 0);
    expect(merger.push(head, 0)).toEqual([]);
    expect(merger.push(line('next', 100), 0)[0]).toBe(head);
  });

  it('applies custom rules', () => {
    const merger = new MultilineMerger({
      builtin: [],
      custom: [{ name: 'indented', start: '^\\d{4}-\\d{2}-\\d{2} ', continue: '^\\s' }],
    });
    const lines = ['2024-05-01 first', '  detail 1', '  detail 2', 'no date', '2024-05-01 second', 'x'];
    const events = [...pushAll(merger, logicalLines(lines)), ...merger.flushAll()];
    expect(events.map((e) => e.message)).toEqual([
      '2024-05-01 first\n  detail 1\n  detail 2',
      'no date',
      '2024-05-01 second',
      'x',
    ]);
  });

  it('keeps an event while any rule still accepts its lines', () => {
    const merger = new MultilineMerger({
      builtin: ['java'],
      custom: [{ name: 'indented', start: '^\\d{4} ', continue: '^\\s' }],
    });
    const lines = ['2024 ERROR x Exception: boom', '\tat A.a(A.java:1)', '  indented detail', 'next'];
    const events = [...pushAll(merger, logicalLines(lines)), ...merger.flushAll()];
    expect(events.map((e) => e.message)).toEqual([lines.slice(0, 3).join('\n'), 'next']);
  });

  it('with no rules, passes everything through', () => {
    const merger = new MultilineMerger({ builtin: [] });
    const lines = logicalLines(TRACE);
    expect(pushAll(merger, lines)).toEqual(lines);
  });
});
