import { RowBufferPool, type LogEnvelopeLimits } from '@daytwo/core';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CheckpointStore } from './checkpoint/checkpoint-store';
import type { CheckpointEntry } from './checkpoint/checkpoint-entry';
import type { CollectorLogsConfig } from './config';
import { DiscoveryLoop } from './discovery/discovery-loop';
import { CollectorMetrics } from './metrics';
import { ByteBudget } from './publish/byte-budget';
import type { Advance } from './publish/file-progress';
import { KeyedPublisher, type DeadLetterSink, type OutgoingBatch, type RecordSink } from './publish/keyed-publisher';
import { FileTailer } from './tail/file-tailer';
import { FileTracker } from './tail/file-tracker';
import { findCopyOf } from './tail/open-file';
import type { TailerContext } from './tail/tailer-context';
import { TailerSet } from './tail/tailer-set';

export type CollectorSettings = Pick<CollectorLogsConfig, 'discovery' | 'read' | 'decode' | 'checkpoint' | 'publish'>;

export interface CollectorOptions {
  settings: CollectorSettings;
  /** The raw-logs topic. */
  topic: string;
  records: RecordSink;
  deadLetters: DeadLetterSink;
  logger: Logger;
  registry: Registry;
  nodeName: string;
  hostName: string;
}

/**
 * Finds container log files, runs one tailer per file identity, publishes through the keyed publisher, persists
 * checkpoints as Kafka acknowledges. Stop it with `stopIntake` → `drain` → `commit` → `close` (or `stop`).
 */
export class Collector implements TailerContext {
  readonly metrics: CollectorMetrics;
  readonly budget: ByteBudget;
  readonly envelopeLimits: LogEnvelopeLimits | undefined;
  readonly rowBuffers: RowBufferPool;
  readonly readBuffers: RowBufferPool;
  readonly readChunkBytes: number;
  readonly maxCarryBytes: number;
  readonly stopped: Promise<void>;
  private markStopped!: () => void;
  private readonly tailers = new TailerSet();
  private readonly publisher: KeyedPublisher;
  private readonly discovery: DiscoveryLoop;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly reportedErrors = new Set<string>();
  private stopping = false;
  private closed = false;

  private constructor(
    private readonly options: CollectorOptions,
    private readonly store: CheckpointStore,
    metrics: CollectorMetrics,
  ) {
    const { settings, logger } = options;
    this.metrics = metrics;
    this.budget = new ByteBudget(settings.publish.maxInFlightBytes);
    this.envelopeLimits = options.records.envelopeLimits;
    // The rows of the bytes in flight take about as many bytes again (more with escapes), in buffers a quarter larger.
    this.rowBuffers = new RowBufferPool(2 * settings.publish.maxInFlightBytes);
    this.readChunkBytes = settings.read.chunkBytes;
    this.maxCarryBytes = Math.max(2 * settings.decode.maxLineBytes, settings.read.chunkBytes) + 64 * 1024;
    // Reads in progress at once read at most the in-flight budget (or one chunk beyond it): as many buffers as they
    // take stay free for the next reads, whichever files they are of. Left to the garbage collector instead, the
    // buffers of 300 files read at start were still there long after (bench:logs:files: 195 MB external, 34 pooled).
    this.readBuffers = new RowBufferPool(settings.publish.maxInFlightBytes + settings.read.chunkBytes);
    this.stopped = new Promise((resolve) => (this.markStopped = resolve));
    this.publisher = new KeyedPublisher(options.records, options.deadLetters, {
      topic: options.topic,
      ...settings.publish,
      onSent: (records, _deadLetters, seconds) => {
        metrics.recordsPublished.inc(records);
        metrics.publishLatency.observe(seconds);
      },
      onRetry: (err, attempt) => {
        metrics.publishRetries.inc();
        if (attempt === 1 || attempt % 10 === 0) logger.warn({ err, attempt }, 'publish failed, retrying');
      },
      onRejected: (record, err) => {
        metrics.deadLetters.inc({ reason: 'publish_rejected' });
        logger.error({ err, recordId: record.event.id }, 'Kafka refused a record: dead-lettered');
      },
    });
    const tracker = new FileTracker({
      tailers: this.tailers,
      store,
      context: this,
      decode: settings.decode,
      logger,
      nodeName: options.nodeName,
      hostName: options.hostName,
    });
    this.discovery = new DiscoveryLoop({
      discovery: settings.discovery,
      logger,
      onScan: (files) => tracker.reconcile(files),
      onChange: (dir) => {
        for (const t of this.tailers.inDirectory(dir)) t.wake();
      },
    });
    metrics.observe({
      filesWatched: () => this.tailers.size,
      checkpointLagBytes: () => this.tailers.lagBytes(),
      inFlightBytes: () => this.budget.inUse,
    });
  }

  /** Loads the checkpoints, scans once (resuming what was being read) and starts watching. */
  static async start(options: CollectorOptions): Promise<Collector> {
    const { settings, logger } = options;
    const metrics = new CollectorMetrics(options.registry);
    const { store, problem } = await CheckpointStore.open(settings.checkpoint.dir, {
      minWriteIntervalMs: settings.checkpoint.minWriteIntervalMs,
      onWritten: () => metrics.checkpointWrites.inc({ result: 'ok' }),
      onWriteError: (err) => {
        metrics.checkpointWrites.inc({ result: 'error' });
        logger.error({ err }, 'checkpoint file not written; retrying with the next change');
      },
    });
    if (problem) logger.error({ err: problem }, 'checkpoint file moved aside: files are read again from the start');
    const collector = new Collector(options, store, metrics);
    await collector.discovery.start();
    // Checkpoints of files that are gone (or no longer collected) would only grow the state file.
    for (const key of store.keys()) if (!collector.tailers.has(key)) store.delete(key);
    collector.startTimers();
    logger.info({ files: collector.tailers.size, resumed: store.size }, 'collector started');
    return collector;
  }

  private startTimers(): void {
    const { read, decode } = this.options.settings;
    const every = (ms: number, work: () => void) => this.timers.push(setInterval(work, ms));
    every(decode.flushIntervalMs, () => {
      const now = Date.now();
      for (const t of this.tailers.all()) t.tick(now, read.rotateWaitMs);
    });
    every(read.pollIntervalMs, () => {
      for (const t of this.tailers.all()) t.wake();
    });
  }

  get filesWatched(): number {
    return this.tailers.size;
  }

  // TailerContext

  nowMs(): number {
    return Date.now();
  }

  isStopping(): boolean {
    return this.stopping;
  }

  publish(batch: OutgoingBatch): void {
    this.publisher.enqueue(batch);
  }

  onAdvance(tailer: FileTailer, advance: Advance<CheckpointEntry>): void {
    this.budget.release(advance.bytes);
    if (this.closed) return;
    if (advance.final) {
      this.release(tailer);
      return;
    }
    if (advance.checkpoint !== undefined) this.store.set(advance.checkpoint);
  }

  /** The file was read to its end and everything acknowledged: forget it. */
  private release(tailer: FileTailer): void {
    this.tailers.remove(tailer);
    this.store.delete(tailer.key);
    tailer.close().catch((err: unknown) => this.options.logger.warn({ err, path: tailer.path }, 'close failed'));
    this.discovery.requestScan();
  }

  onError(tailer: FileTailer, err: unknown): void {
    if (this.closed || this.reportedErrors.has(tailer.key)) return;
    this.reportedErrors.add(tailer.key);
    this.options.logger.warn({ err, path: tailer.path }, 'reading failed; retrying at the next poll');
  }

  findCopy(tailer: FileTailer, head: Buffer) {
    return findCopyOf(tailer.path, head, tailer.ino);
  }

  rekeyed(tailer: FileTailer, oldKey: string): void {
    this.tailers.rekey(tailer, oldKey);
    this.store.delete(oldKey);
    this.discovery.requestScan();
  }

  // Shutdown

  /** Stops finding and reading files; resolves once no read is in progress. */
  async stopIntake(): Promise<void> {
    this.stopping = true;
    this.markStopped();
    for (const timer of this.timers) clearInterval(timer);
    this.budget.close();
    await this.discovery.stop();
    await Promise.all(this.tailers.all().map((t) => t.settle()));
  }

  /** Waits until every batch handed over was acknowledged; false when the time ran out first. */
  async drain(timeoutMs = this.options.settings.publish.drainTimeoutMs): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.publisher.drain().then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes the acknowledged checkpoints. */
  commit(): Promise<void> {
    return this.store.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.publisher.close();
    this.store.close();
    await Promise.allSettled(this.tailers.all().map((t) => t.close()));
  }

  async stop(): Promise<void> {
    await this.stopIntake();
    if (!(await this.drain())) this.options.logger.warn('shutdown: unacknowledged batches are read again next start');
    await this.commit();
    await this.close();
  }
}
