import type { LogStream } from './types';

/**
 * What a line decoder must persist to resume a file exactly: no line lost, none emitted twice.
 *
 * Invariant (per stream, lines of a stream form contiguous groups): every physical line before `consumedEnd` was
 * either emitted or belongs to the one unfinished group of its stream, which starts at `pendingStdout` /
 * `pendingStderr`. So after a restart, reading from `offset` (the smallest unfinished offset), a line before
 * `consumedEnd` is fed again only if it is of a stream at or after that stream's pending start; any other line there
 * (including unparsable ones, which are rejected at once) was already emitted and is skipped.
 *
 * Take a checkpoint right after a `decode`/`flush` call and persist it once everything those calls returned so far
 * has been delivered.
 */
export interface DecoderCheckpoint {
  /** Read the file again from this byte offset. */
  offset: number;
  /** End of the last physical line consumed. */
  consumedEnd: number;
  /** First offset of the unfinished logical line or event of the stream, -1 if none. */
  pendingStdout: number;
  pendingStderr: number;
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export class InvalidCheckpointError extends Error {
  override name = 'InvalidCheckpointError';
}

/** Throws InvalidCheckpointError unless the checkpoint is self-consistent. */
export function validateCheckpoint(checkpoint: DecoderCheckpoint): DecoderCheckpoint {
  const { offset, consumedEnd, pendingStdout, pendingStderr } = checkpoint;
  if (!isOffset(offset) || !isOffset(consumedEnd) || offset > consumedEnd) {
    throw new InvalidCheckpointError(
      `checkpoint offset ${offset} / consumedEnd ${consumedEnd} are not ordered offsets`,
    );
  }
  for (const [key, pending] of [
    ['pendingStdout', pendingStdout],
    ['pendingStderr', pendingStderr],
  ] as const) {
    if (pending !== -1 && (!isOffset(pending) || pending < offset || pending >= consumedEnd)) {
      throw new InvalidCheckpointError(`checkpoint ${key} ${pending} is not -1 or within [offset, consumedEnd)`);
    }
  }
  if (offset < consumedEnd && offset !== Math.min(...[pendingStdout, pendingStderr].filter((p) => p >= 0))) {
    throw new InvalidCheckpointError(`checkpoint offset ${offset} is not the smallest pending offset`);
  }
  return checkpoint;
}

/** Decides, while re-reading `[offset, consumedEnd)` after a restart, which lines were emitted before. */
export class ResumeFilter {
  readonly until: number;
  private readonly pending: [number, number];

  constructor(checkpoint: DecoderCheckpoint) {
    validateCheckpoint(checkpoint);
    this.until = checkpoint.consumedEnd;
    this.pending = [checkpoint.pendingStdout, checkpoint.pendingStderr];
  }

  /** `stream` is undefined for a line that does not parse. */
  alreadyEmitted(offset: number, stream: LogStream | undefined): boolean {
    if (offset >= this.until) return false;
    if (stream === undefined) return true;
    const pending = this.pending[stream === 'stdout' ? 0 : 1];
    return pending < 0 || offset < pending;
  }

  /** Where the not-yet-re-read unfinished lines of `stream` start, given the read position; -1 if none. */
  pendingFrom(stream: LogStream, position: number): number {
    const pending = this.pending[stream === 'stdout' ? 0 : 1];
    return pending < 0 || position >= this.until ? -1 : Math.max(pending, position);
  }
}
