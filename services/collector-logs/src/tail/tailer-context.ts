import type { LogEnvelopeLimits, RowBufferPool } from '@daytwo/core';
import type { CheckpointEntry } from '../checkpoint/checkpoint-entry';
import type { CollectorMetrics } from '../metrics';
import type { ByteBudget } from '../publish/byte-budget';
import type { Advance } from '../publish/file-progress';
import type { OutgoingBatch } from '../publish/keyed-publisher';
import type { FileTailer, OpenedFile } from './file-tailer';

/** What a tailer needs from the collector that runs it. */
export interface TailerContext {
  readonly readChunkBytes: number;
  /** Longest run of bytes without a newline kept while waiting for the newline. */
  readonly maxCarryBytes: number;
  readonly budget: ByteBudget;
  /** Rows are written inside envelopes of these limits, when the record sink has them. */
  readonly envelopeLimits?: LogEnvelopeLimits | undefined;
  /** Buffers for the rows of batches; the publisher gives them back once Kafka acknowledged the rows. */
  readonly rowBuffers?: RowBufferPool | undefined;
  /** Read buffers, taken for a chunk and given back once it is decoded (so an idle file holds none). */
  readonly readBuffers: RowBufferPool;
  readonly metrics: CollectorMetrics;
  nowMs(): number;
  isStopping(): boolean;
  /** Resolves when the collector starts stopping: nothing may wait beyond it. */
  readonly stopped: Promise<void>;
  publish(batch: OutgoingBatch): void;
  /** Checkpoints became durable (or the file is done): persist them, release the budget. */
  onAdvance(tailer: FileTailer, advance: Advance<CheckpointEntry>): void;
  onError(tailer: FileTailer, err: unknown): void;
  /** A copytruncate copy of the tailer's file: a rotated sibling with the same first bytes, opened. */
  findCopy(tailer: FileTailer, head: Buffer): Promise<OpenedFile | undefined>;
  /** The tailer now reads another physical file (the copy); its checkpoint entry under `oldKey` is obsolete. */
  rekeyed(tailer: FileTailer, oldKey: string): void;
}
