import { parseDockerJsonLine } from './docker-json';

const TIME = '2024-05-01T12:34:56.123456789Z';
const entry = (log: string, stream = 'stdout', extra = {}) => JSON.stringify({ log, stream, time: TIME, ...extra });

describe('parseDockerJsonLine', () => {
  it.each([
    ['complete line', entry('hello\n'), { stream: 'stdout', partial: false, message: 'hello' }],
    ['stderr', entry('oops\n', 'stderr'), { stream: 'stderr', partial: false, message: 'oops' }],
    [
      'partial line (no trailing newline)',
      entry('first 16 KiB'),
      { stream: 'stdout', partial: true, message: 'first 16 KiB' },
    ],
    ['empty line', entry('\n'), { stream: 'stdout', partial: false, message: '' }],
    [
      'escapes decoded',
      entry('tab\there "q" \u00e9\n'),
      { stream: 'stdout', partial: false, message: 'tab\there "q" é' },
    ],
    ['only the last newline removed', entry('a\n\n'), { stream: 'stdout', partial: false, message: 'a\n' }],
    [
      'extra attrs ignored',
      entry('x\n', 'stdout', { attrs: { a: '1' } }),
      { stream: 'stdout', partial: false, message: 'x' },
    ],
    ['file newline removed', `${entry('x\n')}\n`, { stream: 'stdout', partial: false, message: 'x' }],
  ])('%s', (_name, line, expected) => {
    for (const input of [line, Buffer.from(line)]) {
      expect(parseDockerJsonLine(input)).toEqual({
        ok: true,
        line: { timestamp: TIME, invalidUtf8: false, ...expected },
      });
    }
  });

  it('flags raw invalid UTF-8', () => {
    const line = Buffer.concat([
      Buffer.from('{"log":"a'),
      Buffer.from([0xc3]),
      Buffer.from(`\\n","stream":"stdout","time":"${TIME}"}`),
    ]);
    const result = parseDockerJsonLine(line);
    expect(result).toEqual({
      ok: true,
      line: { timestamp: TIME, stream: 'stdout', partial: false, message: 'a\ufffd', invalidUtf8: true },
    });
  });

  it.each([
    ['empty', '', 'empty_line'],
    ['CRI line', `${TIME} stdout F x`, 'not_json'],
    ['broken JSON', '{"log":"x', 'not_json'],
    ['array', '[1,2]', 'not_json'],
    ['log not a string', JSON.stringify({ log: 1, stream: 'stdout', time: TIME }), 'bad_field'],
    ['unknown stream', JSON.stringify({ log: 'x\n', stream: 'stdin', time: TIME }), 'bad_field'],
    ['missing time', JSON.stringify({ log: 'x\n', stream: 'stdout' }), 'bad_field'],
    ['bad time', JSON.stringify({ log: 'x\n', stream: 'stdout', time: 'yesterday' }), 'bad_timestamp'],
  ])('rejects %s', (_name, line, reason) => {
    const result = parseDockerJsonLine(line);
    expect(result.ok ? undefined : result.error.reason).toBe(reason);
  });
});
