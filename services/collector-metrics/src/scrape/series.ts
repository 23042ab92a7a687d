import { SCHEMA_VERSION, type MetricSample, type MetricType } from '@daytwo/core';
import { sampleId } from './series-identity';

/** One series of a target, as published: name, labels (target labels included) and identity hash. */
export interface SeriesRef {
  hash: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  type: MetricType;
}

export function metricSample(series: SeriesRef, value: number, timestamp: number): MetricSample {
  return {
    schema_version: SCHEMA_VERSION,
    id: sampleId(series.hash, timestamp),
    name: series.name,
    labels: series.labels,
    value,
    timestamp,
    type: series.type,
  };
}

/** A staleness marker: the series ended at `timestamp` (the sink writes Prometheus' StaleNaN). */
export function staleMarker(series: SeriesRef, timestamp: number): MetricSample {
  return { ...metricSample(series, NaN, timestamp), stale: true };
}
