import {
  jsonStringMaxBytes,
  wordBytes,
  writeDecimal,
  writeHex16,
  writeJsonString,
  writeJsonStringBytes,
} from './json-bytes';

const ALL_ASCII = String.fromCharCode(...Array.from({ length: 128 }, (_, i) => i));

describe('writeJsonStringBytes', () => {
  it.each([
    ['every ASCII character', ALL_ASCII],
    ['quotes and backslashes', 'say "hi" \\o/ C:\\path\\'],
    ['UTF-8 text stays as it is', 'héllo ✓ 𝄞 日本'],
    ['JSON inside a message', '{"level":"info","msg":"a\\tb"}'],
    ['empty', ''],
    ['a special byte in every position of a word', 'abc"defg\\hijk\tlmno\u0001pqr'],
    ['shorter than a word', 'a"'],
    ['bytes >= 0x80 beside specials (no false negatives from borrows)', 'é"é\u0000ÿ\u001fü'],
  ])('%s: parses back to the same text, as JSON.stringify writes it', (_name, text) => {
    const src = Buffer.from(`xx${text}yy`);
    const out = Buffer.alloc(src.length * 6 + 2);
    out[0] = 0x22;
    const end = writeJsonStringBytes(wordBytes(out), 1, wordBytes(src), 2, src.length - 2);
    out[end] = 0x22;
    const json = out.toString('utf8', 0, end + 1);
    expect(JSON.parse(json)).toBe(text);
    expect(json).toBe(JSON.stringify(text));
  });

  it('escapes every ASCII character at every position of a word', () => {
    for (let code = 0; code < 128; code++) {
      for (let at = 0; at < 9; at++) {
        const text = 'abcdefgh'.slice(0, at) + String.fromCharCode(code) + 'ijklmnop'.slice(at);
        const src = Buffer.from(text);
        const out = Buffer.alloc(src.length * 6);
        const end = writeJsonStringBytes(wordBytes(out), 0, wordBytes(src), 0, src.length);
        expect(`"${out.toString('utf8', 0, end)}"`).toBe(JSON.stringify(text));
      }
    }
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

describe('writeHex16', () => {
  it.each([0, 9, 255, 4096, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER])('%d', (value) => {
    const out = Buffer.alloc(20);
    expect(writeHex16(out, 2, value)).toBe(18);
    expect(out.toString('latin1', 2, 18)).toBe(value.toString(16).padStart(16, '0'));
  });
});
