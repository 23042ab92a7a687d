import {
  CheckpointEntry,
  FINGERPRINT_MAX_BYTES,
  fingerprintMatches,
  fingerprintOf,
  idFingerprintLength,
} from './checkpoint-entry';

const line = (text: string) => Buffer.from(`2024-05-01T12:00:00.000000001Z stdout F ${text}\n`);

describe('idFingerprintLength', () => {
  const first = line('first');
  it.each<[string, Buffer, boolean, number | undefined]>([
    ['the first line, newline included', Buffer.concat([first, line('second')]), false, first.length],
    ['the same when only the first line exists yet', first, false, first.length],
    ['unknown while the first line is incomplete', first.subarray(0, 20), false, undefined],
    ['what there is when nothing more will come', first.subarray(0, 20), true, 20],
    ['unknown for an empty file', Buffer.alloc(0), true, undefined],
    ['capped for a first line longer than the cap', Buffer.alloc(FINGERPRINT_MAX_BYTES + 10, 0x61), false, 1024],
  ])('%s', (_name, head, final, expected) => {
    expect(idFingerprintLength(head, final)).toBe(expected);
  });
});

describe('fingerprintMatches', () => {
  const young = Buffer.concat([line('a'), line('b')]);
  const stored = { fingerprint: fingerprintOf(young) };
  it.each<[string, Buffer, boolean]>([
    ['the same file', young, true],
    ['the same file, grown since (young files fingerprint fewer bytes)', Buffer.concat([young, line('c')]), true],
    ['a file shorter than the fingerprint (truncated, or another file)', young.subarray(0, 30), false],
    ['another file on a reused inode', Buffer.concat([line('x'), line('b')]), false],
  ])('%s', (_name, head, expected) => {
    expect(fingerprintMatches(stored, head)).toBe(expected);
  });

  it('covers at most FINGERPRINT_MAX_BYTES', () => {
    expect(fingerprintOf(Buffer.alloc(5000)).length).toBe(FINGERPRINT_MAX_BYTES);
  });
});

describe('CheckpointEntry', () => {
  const valid = {
    dev: '2049',
    ino: '1234567',
    fingerprint: fingerprintOf(line('a')),
    identity: { dev: '2049', ino: '1234567', fingerprintLength: 10 },
    path: '/var/log/pods/ns_pod_uid/c/0.log',
    decoder: { offset: 100, consumedEnd: 150, pendingStdout: 100, pendingStderr: -1 },
  };

  it('accepts a consistent entry', () => {
    expect(CheckpointEntry.parse(valid)).toEqual(valid);
  });

  it.each<[string, object, string]>([
    ['a decoder state that cannot resume', { decoder: { ...valid.decoder, offset: 120 } }, 'decoder'],
    [
      'an id fingerprint longer than the fingerprint',
      { identity: { ...valid.identity, fingerprintLength: 1000 } },
      'identity',
    ],
    ['a non-numeric inode', { ino: '12a' }, 'ino'],
  ])('rejects %s', (_name, patch, key) => {
    const result = CheckpointEntry.safeParse({ ...valid, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(key);
  });
});
