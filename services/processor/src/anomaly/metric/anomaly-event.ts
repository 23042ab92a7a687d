import { createHash } from 'node:crypto';
import { type AnomalyEvent, SCHEMA_VERSION } from '@daytwo/core';
import type { Detection } from './detector';
import { type SeriesRef, seriesId } from './series-pool';

export const METRIC_DETECTOR_NAME = 'metric-rank-ensemble';

export interface MetricAnomalyInput {
  series: SeriesRef;
  /** Sample time, ms since the epoch. */
  timestamp: number;
  value: number;
  detection: Detection;
  /** Scores at or above this become events. */
  threshold: number;
}

/**
 * The AnomalyEvent for a detection at or above the threshold, else undefined. The id is derived from the series and
 * the sample time, so reprocessing the same sample yields the same event (downstream deduplicates on it).
 */
export function toAnomalyEvent(input: MetricAnomalyInput): AnomalyEvent | undefined {
  const { detection, series } = input;
  if (!(detection.score >= input.threshold)) return undefined;
  const id = createHash('sha256')
    .update(`metric\n${seriesId(series)}\n${input.timestamp}`)
    .digest('hex')
    .slice(0, 32);
  const event: AnomalyEvent = {
    schema_version: SCHEMA_VERSION,
    id,
    '@timestamp': new Date(input.timestamp).toISOString(),
    source: 'metric',
    detector: METRIC_DETECTOR_NAME,
    score: Math.min(1, Math.max(0, detection.score)),
    reason: detection.reason,
    status: 'firing',
    series: { name: series.name, labels: { ...series.labels } },
    value: input.value,
    expected: { lower: detection.expected.lower, upper: detection.expected.upper },
  };
  const pod = series.labels.pod;
  if (pod !== undefined) event.pod = pod;
  return event;
}
