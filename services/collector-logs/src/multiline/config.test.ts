import { MultilineConfigError, parseMultilineConfig } from './config';

describe('parseMultilineConfig', () => {
  it('fills defaults', () => {
    expect(parseMultilineConfig(undefined)).toEqual({
      builtin: ['java', 'python', 'go', 'node'],
      custom: [],
      maxLines: 500,
      maxBytes: 512 * 1024,
      flushTimeoutMs: 1000,
    });
  });

  it('accepts custom rules', () => {
    const config = parseMultilineConfig({ builtin: ['go'], custom: [{ name: 'x', start: '^a', continue: '^\\s' }] });
    expect(config.custom).toEqual([{ name: 'x', start: '^a', continue: '^\\s' }]);
  });

  it.each([
    ['unknown key', { maxline: 3 }, 'maxline'],
    ['unknown rule key', { custom: [{ name: 'x', start: 'a', continue: 'b', flags: 'i' }] }, 'flags'],
    [
      'bad regex',
      { custom: [{ name: 'x', start: '(', continue: 'b' }] },
      'multiline.custom.0.start: not a valid regular expression',
    ],
    ['unknown builtin', { builtin: ['ruby'] }, 'multiline.builtin.0'],
    ['zero maxLines', { maxLines: 0 }, 'multiline.maxLines'],
    ['fractional timeout', { flushTimeoutMs: 1.5 }, 'multiline.flushTimeoutMs'],
  ])('rejects %s, naming the key', (_name, input, key) => {
    expect(() => parseMultilineConfig(input)).toThrow(MultilineConfigError);
    expect(() => parseMultilineConfig(input)).toThrow(key);
  });

  it('uses the given key prefix', () => {
    expect(() => parseMultilineConfig({ maxLines: -1 }, 'collector.multiline')).toThrow('collector.multiline.maxLines');
  });
});
