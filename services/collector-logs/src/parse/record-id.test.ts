import { createRecordIdFactory, fileKey, recordIdFor, type FileIdentity } from './record-id';

/** Computed independently from the documented formula (sha256 in Python), not by this code. */
const GOLDEN_ID_AT_4096 = '4e8a8dbd781a48d50000000000001000';

const identity: FileIdentity = {
  dev: 2049n,
  ino: 1234567n,
  fingerprint: Buffer.from('2024-05-01T12:34:56.1Z stdout F first line'),
};

describe('record ids', () => {
  it('are 128-bit hex strings', () => {
    expect(recordIdFor(identity, 0)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('share the file prefix and order by offset within a file', () => {
    const id = createRecordIdFactory(identity);
    expect(id(4096).slice(0, 16)).toBe(id(2 ** 40 + 7).slice(0, 16));
    expect(id(4096) < id(4097) && id(4097) < id(2 ** 40 + 7)).toBe(true);
  });

  it('never change for the same file and offset (golden value: changing it re-ids every stored record)', () => {
    expect(recordIdFor(identity, 4096)).toBe(GOLDEN_ID_AT_4096);
  });

  it('are identical across factories and calls, and for number or bigint stat fields', () => {
    const a = createRecordIdFactory(identity);
    const b = createRecordIdFactory({ dev: 2049, ino: 1234567, fingerprint: Buffer.from(identity.fingerprint) });
    for (const offset of [0, 1, 4096, 2 ** 40 + 7]) {
      expect(a(offset)).toBe(b(offset));
      expect(a(offset)).toBe(a(offset));
    }
  });

  it.each<[string, FileIdentity, number]>([
    ['another offset', identity, 4097],
    ['another inode', { ...identity, ino: 1234568n }, 4096],
    ['another device', { ...identity, dev: 2050n }, 4096],
    ['another fingerprint', { ...identity, fingerprint: Buffer.from('other first line') }, 4096],
    [
      'a longer fingerprint',
      { ...identity, fingerprint: Buffer.concat([identity.fingerprint, Buffer.from('x')]) },
      4096,
    ],
  ])('differ for %s', (_name, other, offset) => {
    expect(recordIdFor(other, offset)).not.toBe(recordIdFor(identity, 4096));
  });

  it('do not confuse the field boundaries of the identity', () => {
    expect(fileKey({ dev: 1, ino: 23, fingerprint: Buffer.alloc(0) })).not.toEqual(
      fileKey({ dev: 12, ino: 3, fingerprint: Buffer.alloc(0) }),
    );
  });

  it.each([[-1], [1.5], [Number.NaN], [2 ** 53]])('reject offset %d', (offset) => {
    expect(() => recordIdFor(identity, offset)).toThrow(RangeError);
  });
});
