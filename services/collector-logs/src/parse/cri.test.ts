import { parseCriLine } from './cri';

const TS = '2024-05-01T12:34:56.123456789Z';

describe('parseCriLine', () => {
  it.each([
    ['full line', `${TS} stdout F hello world`, { stream: 'stdout', partial: false, message: 'hello world' }],
    ['partial line', `${TS} stderr P first half`, { stream: 'stderr', partial: true, message: 'first half' }],
    ['trailing newline removed', `${TS} stdout F hello\n`, { stream: 'stdout', partial: false, message: 'hello' }],
    ['extra tag flags', `${TS} stdout F:x:y tagged`, { stream: 'stdout', partial: false, message: 'tagged' }],
    ['partial with extra flags', `${TS} stdout P:x tagged`, { stream: 'stdout', partial: true, message: 'tagged' }],
    ['empty message', `${TS} stdout F `, { stream: 'stdout', partial: false, message: '' }],
    ['empty message, no space', `${TS} stdout F`, { stream: 'stdout', partial: false, message: '' }],
    [
      'spaces kept in message',
      `${TS} stdout F   indented  `,
      { stream: 'stdout', partial: false, message: '  indented  ' },
    ],
    ['offset timestamp', '2024-05-01T14:34:56.5+02:00 stdout F x', { stream: 'stdout', partial: false, message: 'x' }],
    ['multi-byte text', `${TS} stdout F héllo ✓ 𝄞`, { stream: 'stdout', partial: false, message: 'héllo ✓ 𝄞' }],
  ])('%s', (_name, line, expected) => {
    for (const input of [line, Buffer.from(line)]) {
      const result = parseCriLine(input);
      expect(result).toEqual({ ok: true, line: { timestamp: line.split(' ')[0], invalidUtf8: false, ...expected } });
    }
  });

  it('keeps the timestamp text with its full precision', () => {
    const result = parseCriLine('2024-05-01T12:34:56.000000100Z stdout F x');
    expect(result.ok && result.line.timestamp).toBe('2024-05-01T12:34:56.000000100Z');
  });

  it('replaces invalid UTF-8 and flags it', () => {
    const line = Buffer.concat([Buffer.from(`${TS} stdout F bad `), Buffer.from([0xff, 0xfe]), Buffer.from(' end')]);
    expect(parseCriLine(line)).toEqual({
      ok: true,
      line: { timestamp: TS, stream: 'stdout', partial: false, message: 'bad \ufffd\ufffd end', invalidUtf8: true },
    });
  });

  it.each([
    ['empty', '', 'empty_line'],
    ['only a newline', '\n', 'empty_line'],
    ['no timestamp', 'hello world', 'bad_timestamp'],
    ['bad timestamp', '2024-05-01X12:34:56Z stdout F x', 'bad_timestamp'],
    ['timestamp only', TS, 'bad_timestamp'],
    ['unknown stream', `${TS} stdin F x`, 'bad_stream'],
    ['stream cut short', `${TS} stdo`, 'bad_stream'],
    ['stream glued to tag', `${TS} stdoutF x`, 'bad_stream'],
    ['no tag', `${TS} stdout`, 'bad_tag'],
    ['unknown tag', `${TS} stdout X x`, 'bad_tag'],
    ['long tag', `${TS} stdout Full x`, 'bad_tag'],
    ['docker json line', '{"log":"x\\n","stream":"stdout","time":"2024-05-01T12:34:56Z"}', 'bad_timestamp'],
  ])('rejects %s', (_name, line, reason) => {
    const result = parseCriLine(line);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.reason).toBe(reason);
    expect(result.error.raw).toBe(line);
    expect(result.error.name).toBe('LogLineParseError');
  });
});
