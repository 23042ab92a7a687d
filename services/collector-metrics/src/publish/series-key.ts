import type { MetricType } from '@daytwo/core';
import { OPENMETRICS_SUFFIXES } from '../exposition/families';
import type { SeriesRef } from '../scrape/series';
import { seriesHash } from '../scrape/series-identity';

/**
 * The Kafka key of a series: its key hash (seriesKeyHash) folded into `shards` keys (`series-0`..`series-<shards-1>`),
 * so one series always has the same key, hence the same partition and order, while the samples of many series share a
 * key and travel many to a message. `shards` = 0 keys every series by its own key hash (one message per series and
 * flush).
 */
export function seriesKey(seriesHash: string, shards: number): string {
  if (shards === 0) return seriesHash;
  return `series-${Number.parseInt(seriesHash.slice(0, 8), 16) % shards}`;
}

/** The label that tells the series of one histogram or summary apart. */
const GROUP_LABEL: Partial<Record<MetricType, string>> = { histogram: 'le', gaugehistogram: 'le', summary: 'quantile' };

/**
 * The hash that picks a series' Kafka key. Every series of one histogram (its `_bucket`s, `_sum`, `_count`...) or one
 * summary shares the hash of its family and labels without `le`/`quantile`: a scrape of it goes to one partition, so
 * one processor replica sees all its buckets and can compute quantiles. Any other series is keyed by its own identity.
 */
export function seriesKeyHash(series: Pick<SeriesRef, 'hash' | 'name' | 'labels' | 'type'>): string {
  const groupLabel = GROUP_LABEL[series.type];
  if (groupLabel === undefined) return series.hash;
  const { [groupLabel]: _member, ...labels } = series.labels;
  return seriesHash(familyName(series.name, series.type), labels);
}

function familyName(name: string, type: MetricType): string {
  for (const suffix of OPENMETRICS_SUFFIXES[type] ?? []) {
    if (suffix !== '' && name.length > suffix.length && name.endsWith(suffix)) return name.slice(0, -suffix.length);
  }
  return name;
}
