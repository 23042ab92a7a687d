import { decodeUtf8, utf8SafeCut } from './utf8';

const oracle = new TextDecoder('utf-8');

describe('decodeUtf8', () => {
  it.each([
    ['ascii', [0x61, 0x62], false],
    ['two-byte', [0xc3, 0xa9], false],
    ['four-byte', [0xf0, 0x9d, 0x84, 0x9e], false],
    ['lone continuation', [0x61, 0x80, 0x62], true],
    ['invalid byte', [0xff], true],
    ['truncated sequence at end', [0x61, 0xe2, 0x82], true],
    ['truncated sequence in the middle', [0xe2, 0x82, 0x61], true],
    ['overlong encoding', [0xc0, 0xaf], true],
    ['encoded surrogate', [0xed, 0xa0, 0x80], true],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], true],
  ])('%s', (_name, bytes, invalid) => {
    const buf = Buffer.from(bytes);
    expect(decodeUtf8(buf)).toEqual({ text: oracle.decode(buf), invalidUtf8: invalid });
  });

  it('decodes and checks only the given range', () => {
    const buf = Buffer.from([0xff, 0x61, 0x62, 0xff]);
    expect(decodeUtf8(buf, 1, 3)).toEqual({ text: 'ab', invalidUtf8: false });
  });
});

describe('utf8SafeCut', () => {
  const text = Buffer.from('aé✓𝄞'); // 1 + 2 + 3 + 4 bytes
  it.each([
    [0, 0],
    [1, 1],
    [2, 1],
    [3, 3],
    [4, 3],
    [5, 3],
    [6, 6],
    [7, 6],
    [8, 6],
    [9, 6],
    [10, 10],
  ])('cut at %i -> %i', (end, cut) => {
    expect(utf8SafeCut(text, end)).toBe(cut);
  });

  it('leaves invalid bytes alone', () => {
    expect(utf8SafeCut(Buffer.from([0x61, 0x80, 0x80, 0x80, 0x80]), 5)).toBe(5);
  });
});
