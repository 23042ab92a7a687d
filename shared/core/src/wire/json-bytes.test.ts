import { jsonStringMaxBytes, writeDecimal, writeJsonString, writeJsonStringBytes } from './json-bytes';

const ALL_ASCII = String.fromCharCode(...Array.from({ length: 128 }, (_, i) => i));

describe('writeJsonStringBytes', () => {
  it.each([
    ['every ASCII character', ALL_ASCII],
    ['quotes and backslashes', 'say "hi" \\o/ C:\\path\\'],
    ['UTF-8 text stays as it is', 'héllo ✓ 𝄞 日本'],
    ['JSON inside a message', '{"level":"info","msg":"a\\tb"}'],
    ['empty', ''],
  ])('%s: parses back to the same text, as JSON.stringify writes it', (_name, text) => {
    const src = Buffer.from(`xx${text}yy`);
    const out = Buffer.alloc(src.length * 6 + 2);
    out[0] = 0x22;
    const end = writeJsonStringBytes(out, 1, src, 2, src.length - 2);
    out[end] = 0x22;
    const json = out.toString('utf8', 0, end + 1);
    expect(JSON.parse(json)).toBe(text);
    expect(json).toBe(JSON.stringify(text));
  });
});

describe('writeJsonString', () => {
  it.each([
    ['plain ASCII', 'abc-123'],
    ['needs escapes', 'a"b\\c\nd'],
    ['non-ASCII', 'é✓𝄞'],
    ['lone surrogate', '\ud800x'],
  ])('%s', (_name, text) => {
    const out = Buffer.alloc(jsonStringMaxBytes(text));
    const end = writeJsonString(out, 0, text);
    expect(out.toString('utf8', 0, end)).toBe(JSON.stringify(text));
  });
});

describe('writeDecimal', () => {
  it.each([0, 7, 10, 99, 100, 123456789, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER])('%d', (value) => {
    const out = Buffer.alloc(20);
    const end = writeDecimal(out, 2, value);
    expect(out.toString('latin1', 2, end)).toBe(String(value));
  });
});
