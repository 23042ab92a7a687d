import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CheckpointStore } from './checkpoint/checkpoint-store';
import { fileIdentityKey, type CheckpointEntry } from './checkpoint/checkpoint-entry';
import type { CollectorLogsConfig } from './config';
import { DirectoryWatcher } from './discovery/directory-watcher';
import { NameFilter } from './discovery/name-filter';
import { scanPodLogs, type FoundLogFile } from './discovery/scanner';
import { CollectorMetrics } from './metrics';
import { createLineDecoder } from './parse/line-decoder';
import { ByteBudget } from './publish/byte-budget';
import type { Advance } from './publish/file-progress';
import { KeyedPublisher, type DeadLetterSink, type OutgoingBatch, type RecordSink } from './publish/keyed-publisher';
import { RecordBuilder } from './publish/record-builder';
import { FileTailer } from './tail/file-tailer';
import { findCopyOf, openLogFile, resumableCheckpoint } from './tail/open-file';
import { actionForFoundFile, isMovedAway, type PathState } from './tail/rotation';
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

async function pathState(path: string): Promise<PathState> {
  try {
    const st = await stat(path, { bigint: true });
    return { kind: 'file', dev: st.dev, ino: st.ino };
  } catch {
    return { kind: 'missing' };
  }
}

/**
 * Finds container log files, runs one tailer per file identity, publishes through the keyed publisher, persists
 * checkpoints as Kafka acknowledges. Stop it with `stopIntake` → `drain` → `commit` → `close` (or `stop`).
 */
export class Collector implements TailerContext {
  readonly metrics: CollectorMetrics;
  readonly budget: ByteBudget;
  readonly readChunkBytes: number;
  readonly maxCarryBytes: number;
  readonly stopped: Promise<void>;
  private markStopped!: () => void;
  private readonly tailers = new TailerSet();
  private readonly publisher: KeyedPublisher;
  private readonly filter: NameFilter;
  private readonly watcher: DirectoryWatcher;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly reportedErrors = new Set<string>();
  private scanning: Promise<void> | undefined;
  private rescan = false;
  private scanTimer: NodeJS.Timeout | undefined;
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
    this.readChunkBytes = settings.read.chunkBytes;
    this.maxCarryBytes = Math.max(2 * settings.decode.maxLineBytes, settings.read.chunkBytes) + 64 * 1024;
    this.stopped = new Promise((resolve) => (this.markStopped = resolve));
    this.filter = new NameFilter(settings.discovery.include, settings.discovery.exclude);
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
    this.watcher = new DirectoryWatcher(
      (dir, eventType) => this.onDirectoryEvent(dir, eventType),
      (dir, err) => logger.debug({ dir, err }, 'directory not watched'),
    );
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
    await collector.scan();
    // Checkpoints of files that are gone (or no longer collected) would only grow the state file.
    for (const key of store.keys()) if (!collector.tailers.has(key)) store.delete(key);
    collector.startTimers();
    logger.info({ files: collector.tailers.size, resumed: store.size }, 'collector started');
    return collector;
  }

  private startTimers(): void {
    const { read, decode, discovery } = this.options.settings;
    const every = (ms: number, work: () => void) => this.timers.push(setInterval(work, ms));
    every(decode.flushIntervalMs, () => {
      const now = Date.now();
      for (const t of this.tailers.all()) t.tick(now, read.rotateWaitMs);
    });
    every(read.pollIntervalMs, () => {
      for (const t of this.tailers.all()) t.wake();
    });
    every(discovery.rescanIntervalMs, () => void this.scan());
  }

  get filesWatched(): number {
    return this.tailers.size;
  }

  private onDirectoryEvent(dir: string, eventType: 'rename' | 'change'): void {
    for (const t of this.tailers.inDirectory(dir)) t.wake();
    if (eventType === 'rename') this.requestScan();
  }

  /** A scan soon, coalescing bursts of events. */
  private requestScan(): void {
    if (this.stopping || this.scanTimer !== undefined) return;
    this.scanTimer = setTimeout(() => {
      this.scanTimer = undefined;
      void this.scan();
    }, 50);
  }

  /** One scan at a time; a scan asked for meanwhile runs right after. Never rejects. */
  private scan(): Promise<void> {
    if (this.scanning !== undefined) {
      this.rescan = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescan = false;
        try {
          await this.scanOnce();
        } catch (err) {
          this.options.logger.error({ err }, 'scan failed');
        }
      } while (this.rescan && !this.stopping);
    })().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const { discovery } = this.options.settings;
    const { files, directories } = await scanPodLogs(discovery.root, this.filter);
    if (this.stopping) return;
    if (discovery.watch) this.watcher.sync([discovery.root, ...directories]);
    const liveByPath = new Map<string, FoundLogFile>();
    for (const f of files) if (!f.rotated) liveByPath.set(f.livePath, f);
    // Files moved away first, so that the new file at their path waits until they are read to their end.
    const now = Date.now();
    for (const t of this.tailers.all()) {
      const live = liveByPath.get(t.path);
      if (!t.moved && (live === undefined || fileIdentityKey(live.dev, live.ino) !== t.key)) {
        if (isMovedAway(t, await pathState(t.path))) t.markMoved(now);
      }
    }
    // Rotated files before live ones: a resumed rotation must exist before the live file that follows it.
    for (const f of [...files].sort((a, b) => Number(b.rotated) - Number(a.rotated))) {
      if (this.stopping) return;
      const key = fileIdentityKey(f.dev, f.ino);
      if (this.tailers.has(key)) continue;
      if (actionForFoundFile(f.rotated, this.store.get(key) !== undefined) === 'ignore') continue;
      await this.track(f);
    }
    for (const t of this.tailers.all()) {
      const live = liveByPath.get(t.path);
      if (t.moved)
        t.successorHasData = live !== undefined && fileIdentityKey(live.dev, live.ino) !== t.key && live.size > 0;
    }
  }

  private async track(found: FoundLogFile): Promise<void> {
    const file = await openLogFile(found.path);
    if (file === undefined) return;
    const key = fileIdentityKey(file.dev, file.ino);
    const stored = this.store.get(key);
    const resume = resumableCheckpoint(stored, file.head);
    if (this.tailers.has(key)) {
      await file.handle.close();
      return;
    }
    if (stored !== undefined && resume === undefined) {
      this.options.logger.info({ path: found.path, key }, 'checkpoint belongs to an earlier file (inode reused)');
      this.store.delete(key);
    }
    if (found.rotated && resume === undefined) {
      await file.handle.close();
      return;
    }
    const { decode } = this.options.settings;
    const decoder = createLineDecoder({
      format: decode.format,
      maxLineBytes: decode.maxLineBytes,
      partialTimeoutMs: decode.partialTimeoutMs,
      multiline: decode.multiline,
      resume: resume?.decoder,
    });
    const { nodeName, hostName } = this.options;
    const builder = new RecordBuilder({ path: found.livePath, meta: found.meta, nodeName, hostName });
    const predecessors = this.tailers.movedAt(found.livePath).map((t) => t.finished);
    const after = predecessors.length > 0 ? Promise.all(predecessors) : undefined;
    const tailer = new FileTailer(this, { file, builder, decoder, resume, moved: found.rotated, after });
    this.tailers.add(tailer);
    tailer.wake();
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
    this.requestScan();
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
    this.requestScan();
  }

  // Shutdown

  /** Stops finding and reading files; resolves once no read is in progress. */
  async stopIntake(): Promise<void> {
    this.stopping = true;
    this.markStopped();
    for (const timer of this.timers) clearInterval(timer);
    if (this.scanTimer !== undefined) clearTimeout(this.scanTimer);
    this.watcher.close();
    this.budget.close();
    await this.scanning;
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
