import type { ProcessorLogger, ProcessorStateStore } from '@daytwo/processor-api';
import { TemplateSnapshot, type TemplateMiner } from '../../anomaly/templates';
import { mergeSnapshots } from './snapshot-merge';

/** The state-store key of the shared template snapshot (the framework namespaces it per pipeline and processor). */
export const TEMPLATE_STATE_KEY = 'templates';

export interface TemplateSyncStats {
  /** Completed syncs with the store. */
  syncs: number;
  /** Syncs that brought templates of other replicas (or earlier runs) into this miner. */
  adopted: number;
  /** Syncs that wrote the merged snapshot back. */
  written: number;
  /** Syncs that failed (store unreachable); the next one retries. */
  failed: number;
  /** Stored snapshots that could not be read and were replaced. */
  unreadable: number;
}

/**
 * Keeps a miner and the shared snapshot in the state store converging: every sync reads the stored snapshot, merges
 * it with the miner's (see mergeSnapshots), restores the miner when the store knew more and writes the store when the
 * miner knew more. Replicas therefore never overwrite each other's templates; two syncs racing on the store lose
 * nothing either, because each replica keeps its templates and writes them again on its next sync.
 */
export class TemplateSync {
  readonly stats: TemplateSyncStats = { syncs: 0, adopted: 0, written: 0, failed: 0, unreadable: 0 };
  private running: Promise<void> | undefined;

  constructor(
    private readonly miner: TemplateMiner,
    private readonly store: ProcessorStateStore,
    private readonly logger: ProcessorLogger,
  ) {}

  /** One sync; a sync already running is joined, not doubled. Rejects when the store is unreachable. */
  sync(): Promise<void> {
    this.running ??= this.syncOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** A sync whose failure is logged and counted instead of thrown (timers, close). */
  async trySync(): Promise<void> {
    try {
      await this.sync();
    } catch (err) {
      this.stats.failed++;
      this.logger.warn({ err }, 'log-templates: template state sync failed; retrying on the next one');
    }
  }

  private async syncOnce(): Promise<void> {
    const text = await this.store.get(TEMPLATE_STATE_KEY);
    const stored = this.parse(text);
    // No await from the local snapshot to the restore: no record is mined in between, so none is lost.
    const merge = mergeSnapshots(this.miner.snapshot(), stored);
    if (merge.localChanged) {
      this.miner.restore(merge.snapshot);
      this.stats.adopted++;
    }
    if (merge.storedChanged || (stored === undefined && text !== undefined)) {
      await this.store.set(TEMPLATE_STATE_KEY, JSON.stringify(merge.snapshot));
      this.stats.written++;
    }
    this.stats.syncs++;
  }

  private parse(text: string | undefined): TemplateSnapshot | undefined {
    if (text === undefined) return undefined;
    try {
      return TemplateSnapshot.parse(JSON.parse(text));
    } catch (err) {
      this.stats.unreadable++;
      this.logger.error({ err }, 'log-templates: stored template snapshot is unreadable; it is replaced');
      return undefined;
    }
  }
}
