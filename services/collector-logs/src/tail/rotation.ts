/** What is at a live path now, from the tailer's point of view. */
export type PathState = { kind: 'missing' } | { kind: 'file'; dev: bigint; ino: bigint };

/**
 * Whether the file a tailer reads is no longer the one at its live path: kubelet renamed it (`0.log` →
 * `0.log.<timestamp>`, a new `0.log` follows) or it was deleted (pod removed). Either way the tailer reads on through its
 * open descriptor, then releases the file.
 */
export function isMovedAway(tracked: { dev: bigint; ino: bigint }, atPath: PathState): boolean {
  return atPath.kind === 'missing' || atPath.dev !== tracked.dev || atPath.ino !== tracked.ino;
}

/**
 * How the file under an open descriptor changed since the last read. `truncated`: copytruncate rotation (the file
 * shrank below what was read, or its first bytes are not the ones read before: it was truncated and written again
 * past the old size between two looks).
 */
export function classifyGrowth(size: number, position: number, headUnchanged: boolean): 'none' | 'grown' | 'truncated' {
  if (size < position || !headUnchanged) return 'truncated';
  return size > position ? 'grown' : 'none';
}

/** What to do with a file found by a scan that no tailer tracks yet. */
export type FoundFileAction = 'track' | 'resume-rotated' | 'ignore';

/**
 * Live files are always tracked (resumed from their checkpoint when it matches, else read from the start). A rotated
 * file is read only when a checkpoint names it (it was being read when the collector stopped): otherwise it was either
 * read completely before, or it is a copy whose lines were read from the live file.
 */
export function actionForFoundFile(rotated: boolean, hasCheckpoint: boolean): FoundFileAction {
  if (!rotated) return 'track';
  return hasCheckpoint ? 'resume-rotated' : 'ignore';
}

export interface ReleaseState {
  /** Renamed away, deleted, or a copytruncate copy: nothing will be appended once the writer moved on. */
  moved: boolean;
  /** A copy, complete from the start: release at its end, no need to wait. */
  complete: boolean;
  /** The last read reached the file's end. */
  atEnd: boolean;
  /** Since the last data was read (or since the move was noticed). */
  idleMs: number;
  /** The file now at the live path has data: the runtime writes there, not here, any more. */
  successorHasData: boolean;
}

/**
 * When a moved file can be finished: at its end, and either complete, or the runtime switched to the new file, or no
 * data came for `rotateWaitMs` (kubelet asks the runtime to reopen right after the rename; writes in between land in
 * the renamed file).
 */
export function shouldFinish(state: ReleaseState, rotateWaitMs: number): boolean {
  if (!state.moved || !state.atEnd) return false;
  return state.complete || state.successorHasData || state.idleMs >= rotateWaitMs;
}
