import type { MetricSample } from '@daytwo/core';
import { seriesId, type SeriesRef } from '../../anomaly/metric';
import type { MetricAnomaliesConfig } from './config';

/**
 * What one input series is detected as: a gauge as it is, a counter as its per-second rate, a histogram's buckets as
 * quantiles of their increases (a gauge histogram's as quantiles of their current counts).
 */
export type UnitKind = 'gauge' | 'counter' | 'histogram' | 'gaugehistogram';

/** Where a sample goes: the state unit it feeds (one input series, or one histogram's buckets of one label set). */
export interface SampleRoute {
  /** Identity of the unit: the series id, or for a histogram the id of its `_bucket` series without `le`. */
  readonly key: string;
  readonly kind: UnitKind;
  /** The series the unit stands for: the sample's own, or the histogram family with its labels minus `le`. */
  readonly source: SeriesRef;
  /** The bucket bound (label text) of a histogram bucket sample. */
  readonly le?: string;
}

/** Why a sample is not detected on (it passes on unchanged either way). */
export type SkipReason = 'stale' | 'notFinite' | 'type' | 'filtered' | 'part';

const single = (sample: MetricSample, kind: UnitKind): SampleRoute => {
  const source = { name: sample.name, labels: sample.labels };
  return { key: seriesId(source), kind, source };
};

function bucketRoute(sample: MetricSample, kind: UnitKind): SampleRoute | SkipReason {
  const { le, ...labels } = sample.labels;
  if (le === undefined || !sample.name.endsWith('_bucket')) return 'part';
  const family = sample.name.slice(0, -'_bucket'.length);
  return { key: seriesId({ name: sample.name, labels }), kind, source: { name: family, labels }, le };
}

/** Chooses, per sample, whether and how it is detected on (types, include/exclude, the parts of a family). */
export class SampleRouter {
  private readonly types: ReadonlySet<string>;

  constructor(private readonly config: Pick<MetricAnomaliesConfig, 'types' | 'include' | 'exclude'>) {
    this.types = new Set(config.types);
  }

  route(sample: MetricSample): SampleRoute | SkipReason {
    if (sample.stale) return 'stale';
    if (!Number.isFinite(sample.value)) return 'notFinite';
    if (!this.types.has(sample.type)) return 'type';
    const { include, exclude } = this.config;
    if (include.length > 0 && !include.some((r) => r.test(sample.name))) return 'filtered';
    if (exclude.some((r) => r.test(sample.name))) return 'filtered';
    const name = sample.name;
    switch (sample.type) {
      case 'gauge':
      case 'untyped':
        return single(sample, 'gauge');
      case 'counter':
        return name.endsWith('_created') ? 'part' : single(sample, 'counter');
      case 'histogram':
        // `_count` is the histogram's event counter: its rate is the traffic. `_sum` and `_created` are not detected.
        if (name.endsWith('_count')) return single(sample, 'counter');
        return bucketRoute(sample, 'histogram');
      case 'gaugehistogram':
        return bucketRoute(sample, 'gaugehistogram');
      case 'summary':
        if (sample.labels['quantile'] !== undefined) return single(sample, 'gauge');
        return name.endsWith('_count') ? single(sample, 'counter') : 'part';
      default:
        return 'type';
    }
  }
}
