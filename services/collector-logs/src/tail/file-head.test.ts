import { FINGERPRINT_MAX_BYTES } from '../checkpoint/checkpoint-entry';
import { FileHead } from './file-head';

describe('FileHead', () => {
  const bytes = Buffer.from('first line\nsecond line\n');

  it.each<[string, Array<[number, number]>, string]>([
    ['in one chunk', [[0, bytes.length]], bytes.toString()],
    [
      'across chunks',
      [
        [0, 4],
        [4, 12],
        [12, bytes.length],
      ],
      bytes.toString(),
    ],
    [
      'chunks that overlap what is known (carry)',
      [
        [0, 8],
        [5, 15],
        [15, bytes.length],
      ],
      bytes.toString(),
    ],
    [
      'never past a gap',
      [
        [0, 4],
        [8, 12],
      ],
      'firs',
    ],
  ])('collects the first bytes %s', (_name, chunks, expected) => {
    const head = new FileHead();
    for (const [from, to] of chunks) head.observe(bytes.subarray(from, to), from);
    expect(head.content.toString()).toBe(expected);
  });

  it('stops at FINGERPRINT_MAX_BYTES and fixes the id fingerprint to the first line', () => {
    const head = new FileHead();
    expect(head.identityLength()).toBeUndefined();
    head.observe(Buffer.from('abc'), 0);
    expect(head.identityLength()).toBeUndefined();
    head.observe(Buffer.concat([Buffer.from('\n'), Buffer.alloc(3000, 0x61)]), 3);
    expect(head.length).toBe(FINGERPRINT_MAX_BYTES);
    expect(head.identityLength()).toBe(4);
    expect(head.idFingerprint().toString()).toBe('abc\n');
  });

  it.each<[string, string, boolean]>([
    ['the same start', 'first line\nsecond line\nthird\n', true],
    ['other bytes', 'FIRST line\nsecond line\n', false],
    ['shorter than what was seen', 'first', false],
  ])('isPrefixOf: %s', (_name, current, expected) => {
    const head = new FileHead(Buffer.from('first line\nsecond line\n'));
    expect(head.isPrefixOf(Buffer.from(current))).toBe(expected);
  });
});
