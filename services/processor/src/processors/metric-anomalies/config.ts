import { z } from 'zod';
import {
  DEFAULT_DETECTOR_CONFIG,
  DetectorConfigError,
  resolveDetectorConfig,
  type DetectorConfig,
} from '../../anomaly/metric';

/**
 * 11.5 nats (score = 1 - e^-surprise): quiet on series without anomalies (bench/nab/false-alarms.ts: no alert in
 * 380k samples of white noise or of a random walk), where the NAB-optimised 0.99966 fires about 17 times per 10k
 * samples of white noise. See README.md, "Choosing the threshold".
 */
export const DEFAULT_METRIC_THRESHOLD = 0.99999;

/** The sample types the processor can detect on; see README.md for what each becomes. */
export const DETECTABLE_TYPES = ['gauge', 'counter', 'histogram', 'gaugehistogram', 'summary', 'untyped'] as const;
export type DetectableType = (typeof DETECTABLE_TYPES)[number];

/** A name regex, anchored at both ends as Prometheus anchors its regexes. */
const NameRegex = z.string().transform((source, ctx) => {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
    return z.NEVER;
  }
});

const detectorKeys = Object.keys(DEFAULT_DETECTOR_CONFIG) as (keyof DetectorConfig)[];

/** The detector's own config keys, each optional (its defaults apply), checked by the detector's own validation. */
const DetectorOverrides = z
  .object(
    Object.fromEntries(detectorKeys.map((k) => [k, z.number().optional()])) as Record<
      keyof DetectorConfig,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict()
  .superRefine((overrides, ctx) => {
    try {
      resolveDetectorConfig(overrides);
    } catch (err) {
      if (!(err instanceof DetectorConfigError)) throw err;
      ctx.addIssue({ code: 'custom', path: [err.key], message: err.message.replace(/^detector config \S+: /, '') });
    }
  })
  .prefault({});

export const MetricAnomaliesConfig = z
  .object({
    /** Scores at or above this fire an AnomalyEvent (scores are in [0, 1]). */
    threshold: z.number().gt(0).max(1).default(DEFAULT_METRIC_THRESHOLD),
    /** Detectors held in memory (a histogram holds one per quantile); the least recently updated go beyond it. */
    maxSeries: z.number().int().min(1).default(10_000),
    /** Sample types detected on; others pass untouched. */
    types: z.array(z.enum(DETECTABLE_TYPES)).min(1).default(['gauge', 'counter', 'histogram']),
    /** Sample names (as scraped, e.g. `http_seconds_bucket`) to detect on; anchored regexes; empty: every name. */
    include: z.array(NameRegex).default([]),
    /** Sample names never detected on, even when included. */
    exclude: z.array(NameRegex).default([]),
    histogram: z
      .object({
        /** Quantiles computed per scrape from the bucket increases, each a series `<family>:p<100·q>`. */
        quantiles: z.array(z.number().gt(0).lt(1)).min(1).max(10).default([0.5, 0.9, 0.99]),
        /** Scrapes of one histogram waiting for missing buckets; beyond it the oldest is taken as it is. */
        maxPendingScrapes: z.number().int().min(1).max(100).default(4),
      })
      .strict()
      .prefault({}),
    /** A firing series resolves after this many samples in a row below the threshold. */
    resolveAfterSamples: z.number().int().min(1).default(10),
    /** The detector's config (see anomaly/metric/config.ts), e.g. `warmup`, `historySize`. */
    detector: DetectorOverrides,
    persist: z
      .object({
        /** How often changed series state is written to the state store. */
        intervalSeconds: z.number().positive().max(3600).default(60),
        /** A series without samples for this long (wall time) is written and dropped from memory. */
        idleSeconds: z.number().positive().default(900),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type MetricAnomaliesConfig = z.output<typeof MetricAnomaliesConfig>;
