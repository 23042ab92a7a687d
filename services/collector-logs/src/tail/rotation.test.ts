import { actionForFoundFile, classifyGrowth, isMovedAway, shouldFinish, type ReleaseState } from './rotation';

describe('classifyGrowth', () => {
  it.each<[string, number, number, boolean, ReturnType<typeof classifyGrowth>]>([
    ['nothing new', 100, 100, true, 'none'],
    ['appended', 150, 100, true, 'grown'],
    ['shrank below what was read (copytruncate)', 40, 100, true, 'truncated'],
    ['truncated and rewritten past the old size', 400, 100, false, 'truncated'],
    ['emptied', 0, 100, true, 'truncated'],
  ])('%s', (_name, size, position, headUnchanged, expected) => {
    expect(classifyGrowth(size, position, headUnchanged)).toBe(expected);
  });
});

describe('isMovedAway', () => {
  const tracked = { dev: 1n, ino: 10n };
  it.each<[string, Parameters<typeof isMovedAway>[1], boolean]>([
    ['still at its path', { kind: 'file', dev: 1n, ino: 10n }, false],
    ['renamed, a new file took the path', { kind: 'file', dev: 1n, ino: 11n }, true],
    ['renamed or deleted, nothing at the path', { kind: 'missing' }, true],
    ['same inode number on another device', { kind: 'file', dev: 2n, ino: 10n }, true],
  ])('%s', (_name, atPath, expected) => {
    expect(isMovedAway(tracked, atPath)).toBe(expected);
  });
});

describe('actionForFoundFile', () => {
  it.each<[boolean, boolean, ReturnType<typeof actionForFoundFile>]>([
    [false, false, 'track'],
    [false, true, 'track'],
    [true, true, 'resume-rotated'],
    [true, false, 'ignore'],
  ])('rotated=%s checkpoint=%s → %s', (rotated, checkpoint, expected) => {
    expect(actionForFoundFile(rotated, checkpoint)).toBe(expected);
  });
});

describe('shouldFinish', () => {
  const base: ReleaseState = { moved: true, complete: false, atEnd: true, idleMs: 0, successorHasData: false };
  it.each<[string, Partial<ReleaseState>, boolean]>([
    ['a live file never', { moved: false, idleMs: 60_000 }, false],
    ['not before its end', { atEnd: false, successorHasData: true }, false],
    ['a renamed file the runtime may still write to', {}, false],
    ['once the runtime writes to the new file', { successorHasData: true }, true],
    ['after rotateWaitMs without data', { idleMs: 5000 }, true],
    ['a copytruncate copy at its end', { complete: true }, true],
  ])('%s', (_name, patch, expected) => {
    expect(shouldFinish({ ...base, ...patch }, 5000)).toBe(expected);
  });
});
