import { compileAnchoredRegex } from './go-regexp';

describe('compileAnchoredRegex', () => {
  it.each<[string, string, boolean]>([
    ['foo', 'foo', true],
    ['foo', 'xfoo', false],
    ['f|o', 'foo', false], // anchoring wraps the whole alternation
    ['f|o', 'o', true],
    ['(.*)', '', true],
    ['.*', 'multi\nline', false], // `.` does not match a newline, as in Go
    ['(?s).*', 'multi\nline', true],
    ['(?i)foo', 'FOO', true],
    ['(?P<name>a+)', 'aaa', true],
    ['[(?P<]+', '(?P<', true], // inside a class `(?P<` is literal characters
    ['[]a]+', ']a', true], // a leading ] is a class member in Go
    ['[^]a]', 'b', true],
    ['\\[(?P<x>a)\\]', '[a]', true],
  ])('%j matches %j: %s', (pattern, value, expected) => {
    expect(compileAnchoredRegex(pattern).test(value)).toBe(expected);
  });

  it('exposes Go-style named groups', () => {
    expect(compileAnchoredRegex('(?P<host>[^:]+):(?P<port>\\d+)').exec('h:80')?.groups).toEqual({
      host: 'h',
      port: '80',
    });
  });

  it.each(['(', '[a', '*a', '\\Afoo\\z', '\\Qa.b\\E', '\\pL+', '[[:alpha:]]+', '(?m)a', '(?U)a+'])(
    'rejects %j',
    (pattern) => {
      expect(() => compileAnchoredRegex(pattern)).toThrow(SyntaxError);
    },
  );
});
