import type { AnomalyEvent } from '@daytwo/core';
import type { Logger } from 'pino';
import type { OutboxEntry, WorkloadState } from './incident/state';
import {
  acknowledgeOutbox,
  applyEvent,
  applyTick,
  type EventOutcome,
  type ReducerContext,
  type TransitionCounts,
} from './incident/reducer';
import type { AlerterMetrics } from './metrics';
import { occurrenceKey, signalKey } from './model/signal-key';
import { workloadKey, workloadOf } from './model/workload';
import type { WorkloadStore } from './state/workload-store';

export interface OutboxSink {
  /** Queues the entries; must be idempotent (BullMQ job ids are). */
  enqueue(outbox: readonly OutboxEntry[]): Promise<number>;
}

export interface AlertEngineOptions {
  store: WorkloadStore;
  queues: OutboxSink;
  /** Reducer settings at the current time. */
  context: () => ReducerContext;
  metrics: AlerterMetrics;
  logger: Logger;
}

/**
 * Grouping and deduplication on top of the Redis state: every change is committed to Redis together with the alert
 * versions it produced (the outbox), then those are queued in BullMQ and removed from the outbox. A crash in between
 * leaves the outbox in Redis; the next tick queues it again, and BullMQ drops the repeated job ids.
 */
export class AlertEngine {
  constructor(private readonly options: AlertEngineOptions) {}

  async handleEvent(event: AnomalyEvent): Promise<EventOutcome> {
    const workload = workloadOf(event);
    const key = workloadKey(workload);
    const input = { event, workload, signalKey: signalKey(event), memberKey: occurrenceKey(event) };
    const result = await this.options.store.update(key, (state) => applyEvent(state, input, this.options.context()));
    this.options.metrics.events.inc({ outcome: result.outcome });
    if (result.outcome === 'deduplicated') this.options.metrics.alertsDeduplicated.inc();
    this.count(result.counts);
    await this.drainOutbox(key, result.state);
    return result.outcome;
  }

  /** Closes due windows, resolves timed-out incidents and queues leftover outboxes. */
  async tick(now: number): Promise<number> {
    const due = await this.options.store.due(now);
    for (const key of due) {
      const result = await this.options.store.update(key, (state) =>
        applyTick(state, { ...this.options.context(), now }),
      );
      this.count(result.counts);
      await this.drainOutbox(key, result.state);
    }
    return due.length;
  }

  private count(counts: TransitionCounts): void {
    const { metrics } = this.options;
    metrics.alertsCreated.inc(counts.created);
    metrics.alertsResolved.inc(counts.resolved);
    metrics.alertsDeduplicated.inc(counts.deduplicatedGroups);
  }

  private async drainOutbox(key: string, state: WorkloadState): Promise<void> {
    if (state.outbox.length === 0) return;
    const entries = state.outbox;
    const jobs = await this.options.queues.enqueue(entries);
    const done = entries.map((e) => ({ fingerprint: e.alert.fingerprint, version: e.alert.version }));
    await this.options.store.update(key, (current) => ({ state: acknowledgeOutbox(current, done) }));
    for (const { alert } of entries) {
      this.options.logger.info(
        { fingerprint: alert.fingerprint, version: alert.version, status: alert.status, workload: key, jobs },
        'alert queued',
      );
    }
  }
}
