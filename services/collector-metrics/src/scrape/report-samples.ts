import type { MetricSample } from '@daytwo/core';
import { metricSample, type SeriesRef } from './series';
import { seriesHash } from './series-identity';

/** What the collector reports about each scrape of a target, as Prometheus does. */
export interface ScrapeReport {
  /** 1 when the scrape succeeded, 0 when it failed. */
  up: number;
  durationSeconds: number;
  /** Samples the target exposed (0 when the scrape failed). */
  samplesScraped: number;
  /** Samples left after `metric_relabel_configs`. */
  samplesPostRelabeling: number;
}

const REPORT_NAMES: Record<keyof ScrapeReport, string> = {
  up: 'up',
  durationSeconds: 'scrape_duration_seconds',
  samplesScraped: 'scrape_samples_scraped',
  samplesPostRelabeling: 'scrape_samples_post_metric_relabeling',
};

export type ReportSeries = Record<keyof ScrapeReport, SeriesRef>;

/** The report series of a target: labelled with the target labels only. */
export function reportSeries(targetLabels: Readonly<Record<string, string>>): ReportSeries {
  const entries = (Object.keys(REPORT_NAMES) as (keyof ScrapeReport)[]).map((key) => {
    const name = REPORT_NAMES[key];
    return [key, { hash: seriesHash(name, targetLabels), name, labels: targetLabels, type: 'gauge' as const }];
  });
  return Object.fromEntries(entries) as ReportSeries;
}

/** The report samples of one scrape, each with its series. */
export function reportSamples(
  series: ReportSeries,
  report: ScrapeReport,
  timestamp: number,
): { series: SeriesRef; sample: MetricSample }[] {
  return (Object.keys(REPORT_NAMES) as (keyof ScrapeReport)[]).map((key) => ({
    series: series[key],
    sample: metricSample(series[key], report[key], timestamp),
  }));
}
