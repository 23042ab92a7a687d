import type { MetricType } from '@daytwo/core';

/** `text` is the Prometheus text format 0.0.4, `openmetrics` is OpenMetrics 1.0. */
export type ExpositionFormat = 'text' | 'openmetrics';

export interface ParsedSample {
  /** Full sample name as exposed, e.g. `http_requests_total` or `latency_seconds_bucket`. */
  name: string;
  /** Name of the metric family the sample belongs to, e.g. `http_requests` (OpenMetrics counter) or `latency_seconds`. */
  family: string;
  /** Labels as exposed (without `__name__`); values are unescaped. */
  labels: Record<string, string>;
  /** May be NaN or ±Infinity. */
  value: number;
  /** The explicit timestamp in ms, else `defaultTimestampMs`, else undefined. */
  timestampMs: number | undefined;
  /** True when the exposition carried a timestamp for this sample (needed for `honor_timestamps`). */
  hasExplicitTimestamp: boolean;
  /** Type of the sample's family; OpenMetrics `unknown` and families without `# TYPE` are `untyped`. */
  type: MetricType;
}

export interface MetricFamilyMetadata {
  name: string;
  type: MetricType;
  help?: string;
  unit?: string;
}

export interface ParseExpositionOptions {
  /** Timestamp given to samples without an explicit one (usually the scrape start time). */
  defaultTimestampMs?: number;
}

export interface ParsedExposition {
  format: ExpositionFormat;
  samples: ParsedSample[];
  /** Every family in order of first appearance: declared by `# TYPE`/`# HELP`/`# UNIT`, or implied by a sample. */
  families: MetricFamilyMetadata[];
}
