import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import { fileIdentityKey } from '../checkpoint/checkpoint-entry';
import type { CheckpointStore } from '../checkpoint/checkpoint-store';
import type { CollectorLogsConfig } from '../config';
import type { FoundLogFile } from '../discovery/scanner';
import { createLineDecoder } from '../parse/line-decoder';
import { RecordBuilder } from '../publish/record-builder';
import { FileTailer } from './file-tailer';
import { openLogFile, resumableCheckpoint } from './open-file';
import { actionForFoundFile, isMovedAway, type PathState } from './rotation';
import type { TailerContext } from './tailer-context';
import type { TailerSet } from './tailer-set';

export interface FileTrackerOptions {
  tailers: TailerSet;
  store: CheckpointStore;
  context: TailerContext;
  decode: CollectorLogsConfig['decode'];
  logger: Logger;
  nodeName: string;
  hostName: string;
}

async function pathState(path: string): Promise<PathState> {
  try {
    const st = await stat(path, { bigint: true });
    return { kind: 'file', dev: st.dev, ino: st.ino };
  } catch {
    return { kind: 'missing' };
  }
}

/** Brings the set of tailers in line with what a scan found: new files tracked, moved ones marked. */
export class FileTracker {
  constructor(private readonly options: FileTrackerOptions) {}

  async reconcile(files: readonly FoundLogFile[]): Promise<void> {
    const { tailers, store, context } = this.options;
    const liveByPath = new Map<string, FoundLogFile>();
    for (const f of files) if (!f.rotated) liveByPath.set(f.livePath, f);
    const liveKeyAt = (path: string) => {
      const live = liveByPath.get(path);
      return live && fileIdentityKey(live.dev, live.ino);
    };
    // Files moved away first, so that the new file at their path waits until they are read to their end. The scan
    // alone is not trusted for that (an unreadable directory lists nothing): the path is looked at again.
    const now = context.nowMs();
    for (const t of tailers.all()) {
      if (!t.moved && liveKeyAt(t.path) !== t.key && isMovedAway(t, await pathState(t.path))) t.markMoved(now);
    }
    // Rotated files before live ones: a resumed rotation must exist before the live file that follows it.
    for (const f of [...files].sort((a, b) => Number(b.rotated) - Number(a.rotated))) {
      if (context.isStopping()) return;
      const key = fileIdentityKey(f.dev, f.ino);
      if (tailers.has(key) || actionForFoundFile(f.rotated, store.get(key) !== undefined) === 'ignore') continue;
      await this.track(f);
    }
    for (const t of tailers.all()) {
      const liveKey = liveKeyAt(t.path);
      if (t.moved) t.successorHasData = liveKey !== undefined && liveKey !== t.key && liveByPath.get(t.path)!.size > 0;
    }
  }

  /** Opens the file and starts its tailer: from its checkpoint when the file is the one it was taken on. */
  private async track(found: FoundLogFile): Promise<void> {
    const { tailers, store, decode, logger, nodeName, hostName } = this.options;
    const file = await openLogFile(found.path);
    if (file === undefined) return;
    const key = fileIdentityKey(file.dev, file.ino);
    if (tailers.has(key)) {
      await file.handle.close();
      return;
    }
    const stored = store.get(key);
    const resume = resumableCheckpoint(stored, file.head);
    if (stored !== undefined && resume === undefined) {
      logger.info({ path: found.path, key }, 'checkpoint belongs to an earlier file (inode reused)');
      store.delete(key);
    }
    if (found.rotated && resume === undefined) {
      await file.handle.close();
      return;
    }
    const decoder = createLineDecoder({
      format: decode.format,
      maxLineBytes: decode.maxLineBytes,
      partialTimeoutMs: decode.partialTimeoutMs,
      multiline: decode.multiline,
      resume: resume?.decoder,
    });
    const builder = new RecordBuilder({ path: found.livePath, meta: found.meta, nodeName, hostName });
    const predecessors = tailers.movedAt(found.livePath).map((t) => t.finished);
    const after = predecessors.length > 0 ? Promise.all(predecessors) : undefined;
    const tailer = new FileTailer(this.options.context, {
      file,
      builder,
      decoder,
      resume,
      moved: found.rotated,
      after,
    });
    tailers.add(tailer);
    tailer.wake();
  }
}
