import type { LogRecord } from '@daytwo/core';
import { defineProcessor, type Processor, type ProcessorContext } from '@daytwo/processor-api';
import { z } from 'zod';
import { TemplateMiner, TemplateMinerConfig, withTemplate } from '../../anomaly/templates';
import { TemplateSync, type TemplateSyncStats } from './template-sync';

export const LogTemplatesConfig = z
  .object({
    /** Templates kept over all sources; the least recently used is evicted beyond it (it is founded again, usually
     * with the same id, if it comes back). */
    maxTemplates: TemplateMinerConfig.shape.maxClusters.default(50_000),
    /** Per-source tuning of the built-in miner, keyed by source (`event.dataset`, else namespace/workload/container). */
    overrides: TemplateMinerConfig.shape.overrides.default({}),
    persist: z
      .object({
        /** How often the templates are synced with the state store (merged with other replicas'). */
        intervalSeconds: z.number().positive().max(3600).default(30),
        /** Sync early once this many templates were founded since the last sync. */
        afterNewTemplates: z.number().int().min(1).default(200),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type LogTemplatesConfig = z.output<typeof LogTemplatesConfig>;

/** The running processor; `sync` and the stats are there for tests and benchmarks. */
export interface LogTemplatesProcessor extends Processor<'log'> {
  readonly miner: TemplateMiner;
  readonly syncStats: TemplateSyncStats;
  /** Merges with the state store now; rejects when the store is unreachable. */
  sync(): Promise<void>;
  /** Syncs a last time (a failure is logged, not thrown). */
  close(): Promise<void>;
}

/** Restores the shared templates, then mines; `sync` runs on a timer, after many new templates and on close. */
export async function createLogTemplates(
  config: LogTemplatesConfig,
  ctx: ProcessorContext,
): Promise<LogTemplatesProcessor> {
  const miner = new TemplateMiner({ maxClusters: config.maxTemplates, overrides: config.overrides });
  const sync = new TemplateSync(miner, ctx.state, ctx.logger);
  // Before the first record: ids founded from here on must be the ones the other replicas and earlier runs use.
  await sync.sync();
  let createdAtSync = miner.stats().created;
  const timer = setInterval(() => {
    createdAtSync = miner.stats().created;
    void sync.trySync();
  }, config.persist.intervalSeconds * 1000);
  timer.unref();
  return {
    miner,
    syncStats: sync.stats,
    sync: () => sync.sync(),
    process(batch: LogRecord[]) {
      const out = batch.map((record) => withTemplate(miner, record));
      const created = miner.stats().created;
      if (created - createdAtSync >= config.persist.afterNewTemplates) {
        createdAtSync = created;
        void sync.trySync();
      }
      return out;
    },
    async close() {
      clearInterval(timer);
      await sync.trySync();
    },
  };
}

export const logTemplates = defineProcessor({
  type: 'log-templates',
  description:
    'Mines log templates (Drain-style, built-in masking) and sets `event.template` and a stable `event.template_id` ' +
    'on every record. Templates are kept in the state store and merged between replicas, so ids survive restarts ' +
    'and agree across replicas.',
  kinds: ['log'],
  configSchema: LogTemplatesConfig,
  create: createLogTemplates,
});
