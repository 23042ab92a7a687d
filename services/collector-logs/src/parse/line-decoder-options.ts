import type { MultilineConfig, MultilineConfigInput } from '../multiline/config';
import type { DecoderCheckpoint } from './decoder-checkpoint';
import type { LogFormat } from './types';

export const DEFAULT_PARTIAL_TIMEOUT_MS = 5000;

export interface LineDecoderOptions {
  /** The file's format; `auto` detects it from the first line that parses. */
  format: LogFormat | 'auto';
  /** Size limit of one logical line's content (default 256 KiB); longer lines are truncated and flagged. */
  maxLineBytes?: number;
  /** Multiline merging; off when omitted or false. */
  multiline?: MultilineConfigInput | MultilineConfig | false;
  /** An unfinished split line whose last part is this old is emitted as it is (default 5 s). */
  partialTimeoutMs?: number;
  /** Resume after a restart: feed lines from `resume.offset` on, already-emitted ones are skipped. */
  resume?: DecoderCheckpoint;
}

export interface DecoderStats {
  physicalLines: number;
  logicalLines: number;
  rejectedLines: number;
  truncatedLines: number;
  droppedBytes: number;
  invalidUtf8Lines: number;
  /** Split lines emitted without their final part (partial timeout or flushAll). */
  unfinishedLines: number;
  /** Lines skipped while re-reading after a resume because they were emitted before the checkpoint. */
  skippedOnResume: number;
}

export function createDecoderStats(): DecoderStats {
  return {
    physicalLines: 0,
    logicalLines: 0,
    rejectedLines: 0,
    truncatedLines: 0,
    droppedBytes: 0,
    invalidUtf8Lines: 0,
    unfinishedLines: 0,
    skippedOnResume: 0,
  };
}
