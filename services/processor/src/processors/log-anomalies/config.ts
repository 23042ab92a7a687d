import { z } from 'zod';
import {
  DEFAULT_ERROR_RATE_CONFIG,
  DEFAULT_NEW_TEMPLATE_CONFIG,
  DEFAULT_TEMPLATE_BURST_CONFIG,
  type RateConfig,
} from '../../anomaly/logs';

/** The knobs of a per-minute rate detector, defaulting to `defaults`. */
const rateFields = (defaults: RateConfig) => ({
  enabled: z.boolean().default(true),
  /** Weight of the newest minute in the baseline (about 2/alpha − 1 minutes of memory). */
  alpha: z.number().gt(0).lte(1).default(defaults.alpha),
  /** Minutes of baseline before it may fire. */
  warmupMinutes: z.number().int().min(0).default(defaults.warmupMinutes),
  /** A minute with fewer records never fires. */
  minCount: z.number().int().min(1).default(defaults.minCount),
  /** Fires above mean + sensitivity × deviation. */
  sensitivity: z.number().positive().default(defaults.sensitivity),
});

export const LogAnomaliesConfig = z
  .object({
    errorRate: z
      .object({
        ...rateFields(DEFAULT_ERROR_RATE_CONFIG),
        /** Records at this `log.level` or above count as errors (levels as the normalize processor writes them). */
        minLevel: z.enum(['warn', 'error', 'fatal']).default('error'),
      })
      .strict()
      .prefault({}),
    newTemplate: z
      .object({
        enabled: z.boolean().default(true),
        warmupMinutes: z.number().int().min(0).default(DEFAULT_NEW_TEMPLATE_CONFIG.warmupMinutes),
        /** Template ids remembered per workload (least recently seen forgotten beyond it). */
        maxTemplates: z.number().int().min(1).default(DEFAULT_NEW_TEMPLATE_CONFIG.maxTemplates),
        minScore: z.number().min(0).max(1).default(DEFAULT_NEW_TEMPLATE_CONFIG.minScore),
        maxEventsPerMinute: z.number().int().min(1).default(DEFAULT_NEW_TEMPLATE_CONFIG.maxEventsPerMinute),
      })
      .strict()
      .prefault({}),
    templateBurst: z
      .object({
        ...rateFields(DEFAULT_TEMPLATE_BURST_CONFIG),
        /** Templates with a rate baseline per workload (least recently seen dropped beyond it). */
        maxTemplatesPerWorkload: z.number().int().min(1).default(200),
      })
      .strict()
      .prefault({}),
    /** Workloads held in memory; beyond it the least recently seen is written to the state store and dropped. */
    maxWorkloads: z.number().int().min(1).default(5000),
    /** A record this much older than its workload's newest minute is not counted (redelivered or far behind). */
    allowedLatenessSeconds: z.number().int().min(0).default(60),
    /** A record this far ahead of the wall clock is not counted: it would close its workload's minutes early. */
    maxFutureSkewSeconds: z.number().int().min(0).default(600),
    flush: z
      .object({
        /** How often quiet workloads get their minutes closed (so a spike resolves when the records stop). */
        intervalSeconds: z.number().positive().max(3600).default(15),
        /** A workload without records for this long (wall time) counts as quiet. */
        quietSeconds: z.number().min(0).default(60),
      })
      .strict()
      .prefault({}),
    persist: z
      .object({
        /** How often changed workload state is written to the state store. */
        intervalSeconds: z.number().positive().max(3600).default(30),
        /** A workload without records for this long (wall time) is written and dropped from memory. */
        idleSeconds: z.number().positive().default(900),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type LogAnomaliesConfig = z.output<typeof LogAnomaliesConfig>;
