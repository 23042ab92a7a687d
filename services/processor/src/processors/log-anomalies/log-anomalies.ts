import type { LogRecord } from '@daytwo/core';
import { defineProcessor, type Processor, type ProcessorContext } from '@daytwo/processor-api';
import { minuteOf, workloadOf, type WorkloadIdentity } from '../../anomaly/logs';
import { LEVELS, normalizeLevel } from '../normalize/level';
import type { PersistedPoolStats } from '../shared/persisted-pool';
import { toAnomalyEvent } from './anomaly-events';
import { LogAnomaliesConfig } from './config';
import { EventClock } from './event-clock';
import { WorkloadDetectors, type Finding, type WorkloadState } from './workload-detectors';
import { createWorkloadPool, type WorkloadPool } from './workload-pool';

export interface LogAnomaliesStats extends PersistedPoolStats {
  workloads: number;
  events: number;
  /** Records not counted: older than the allowed lateness, too far in the future, without a parseable time. */
  late: number;
  future: number;
  untimed: number;
  /** Records the detectors failed on (passed on unchanged, logged). */
  failed: number;
  burstSeriesEvicted: number;
}

/** The running processor; `flush` and `persist` do now what the timers do, for tests and shutdown. */
export interface LogAnomaliesProcessor extends Processor<'log'> {
  stats(): LogAnomaliesStats;
  /** Closes the minutes of workloads quiet since `quietSeconds`, at the event clock. */
  flush(now?: number): void;
  /** Writes changed workload state (merged with the stored one) and drops idle workloads. */
  persist(now?: number): Promise<void>;
  /** Writes every changed workload state; open minutes go on in the next instance. */
  close(): Promise<void>;
}

interface Item {
  readonly record: LogRecord;
  readonly time: number;
  readonly identity: WorkloadIdentity;
}

class LogAnomalies implements LogAnomaliesProcessor {
  private readonly detectors: WorkloadDetectors;
  private readonly pool: WorkloadPool;
  private readonly clock = new EventClock();
  private readonly counts = { events: 0, late: 0, future: 0, untimed: 0, failed: 0 };
  private readonly minLevel: number;
  private persisting: Promise<void> | undefined;
  private writing: Promise<void> | undefined;
  private lastPersist = Date.now();
  private readonly timer: NodeJS.Timeout;
  private failureLogged = false;

  constructor(
    private readonly config: LogAnomaliesConfig,
    private readonly ctx: ProcessorContext,
  ) {
    this.detectors = new WorkloadDetectors(config);
    this.pool = createWorkloadPool(this.detectors, ctx.state, ctx.logger, config.maxWorkloads);
    this.minLevel = LEVELS.indexOf(config.errorRate.minLevel);
    this.timer = setInterval(() => this.tick(), config.flush.intervalSeconds * 1000);
    this.timer.unref();
  }

  async process(batch: LogRecord[]): Promise<LogRecord[]> {
    const now = Date.now();
    const items: Item[] = [];
    for (const record of batch) {
      const time = Date.parse(record['@timestamp']);
      if (!Number.isFinite(time)) this.counts.untimed++;
      else if (time > now + this.config.maxFutureSkewSeconds * 1000) this.counts.future++;
      else items.push({ record, time, identity: workloadOf(record) });
    }
    // All state reads happen before any state changes: when the store is down the batch is retried, not half-counted.
    await this.pool.load(
      items.map((i) => i.identity.key),
      now,
    );
    for (const item of items) {
      try {
        this.observe(item, now);
      } catch (err) {
        this.counts.failed++;
        if (!this.failureLogged) this.ctx.logger.error({ err }, 'log-anomalies: detectors failed on a record');
        this.failureLogged = true;
      }
    }
    // Evicted workloads are written at once, so a stream of many workloads does not wait for the persist timer.
    if (this.pool.pendingCount > 0) this.writing ??= this.pool.writePending().finally(() => (this.writing = undefined));
    return batch;
  }

  flush(now = Date.now()): void {
    const eventNow = this.clock.now(now);
    if (eventNow === undefined) return;
    const minute = minuteOf(eventNow);
    const quietSince = now - this.config.flush.quietSeconds * 1000;
    for (const entry of this.pool.values()) {
      if (entry.lastSeen > quietSince || entry.state.clock >= minute) continue;
      this.emit(entry.state, this.detectors.advance(entry.state, minute));
      entry.dirty = true;
    }
  }

  persist(now = Date.now()): Promise<void> {
    this.lastPersist = now;
    this.persisting ??= this.pool.persist(now - this.config.persist.idleSeconds * 1000).finally(() => {
      this.persisting = undefined;
      this.ctx.logger.debug({ stats: this.stats() }, 'log-anomalies: state written');
    });
    return this.persisting;
  }

  stats(): LogAnomaliesStats {
    return {
      ...this.pool.stats,
      ...this.counts,
      workloads: this.pool.size,
      burstSeriesEvicted: this.detectors.burstEvicted,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([this.persisting, this.writing]);
    // Open minutes are written as they are: the next instance goes on counting them.
    await this.pool.persist(Number.NEGATIVE_INFINITY);
  }

  private tick(): void {
    const now = Date.now();
    this.flush(now);
    if (now - this.lastPersist >= this.config.persist.intervalSeconds * 1000) void this.persist(now);
  }

  private observe(item: Item, now: number): void {
    const { record, time, identity } = item;
    const minute = minuteOf(time);
    const entry = this.pool.acquire(identity.key, now, () => this.detectors.start(identity, minute));
    if (this.detectors.isLate(entry.state, minute)) {
      this.counts.late++;
      return;
    }
    this.clock.observe(time, now);
    const level = normalizeLevel(record.log?.level);
    const templateId = record.event.template_id;
    const findings = this.detectors.observe(entry.state, {
      minute,
      time,
      isError: level !== undefined && LEVELS.indexOf(level) >= this.minLevel,
      ...(templateId ? { template: { id: templateId, text: record.event.template ?? '' } } : {}),
      message: record.message,
      ...(identity.pod === undefined ? {} : { pod: identity.pod }),
    });
    entry.dirty = true;
    this.emit(entry.state, findings);
  }

  private emit(state: WorkloadState, findings: readonly Finding[]): void {
    for (const finding of findings) {
      this.ctx.emitAnomaly(toAnomalyEvent(state, finding));
      this.counts.events++;
    }
  }
}

export function createLogAnomalies(config: LogAnomaliesConfig, ctx: ProcessorContext): LogAnomaliesProcessor {
  return new LogAnomalies(config, ctx);
}

export const logAnomalies = defineProcessor({
  type: 'log-anomalies',
  description:
    'Log-derived anomaly detection per workload (namespace + owner): error-rate spikes against the workload’s ' +
    'baseline, templates never seen before after a warm-up, and sudden bursts of one template. Emits AnomalyEvents ' +
    'on event time (firing, then resolved); passes records on unchanged. Run it after log-templates and normalize.',
  kinds: ['log'],
  configSchema: LogAnomaliesConfig,
  create: createLogAnomalies,
});
