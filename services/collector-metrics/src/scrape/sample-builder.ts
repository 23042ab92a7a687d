import { relabel, type RelabelConfig } from '@daytwo/core';
import type { ParsedSample } from '../exposition';
import type { SeriesRef } from './series';
import { seriesHash } from './series-identity';

export interface SampleContext {
  targetLabels: Readonly<Record<string, string>>;
  honorLabels: boolean;
  honorTimestamps: boolean;
  metricRelabelConfigs: readonly RelabelConfig[];
  /** Timestamp of samples without one of their own (or all of them, without honorTimestamps). */
  scrapeTimeMs: number;
}

export interface BuiltSample {
  series: SeriesRef;
  value: number;
  timestamp: number;
  /** The target gave the timestamp: such series get no staleness markers (as in Prometheus). */
  explicitTimestamp: boolean;
}

export interface BuildSamplesResult {
  samples: BuiltSample[];
  /** Dropped by `metric_relabel_configs` (or left without a name). */
  droppedByRelabel: number;
  /** Same series twice in one scrape: the first one is kept. */
  duplicates: number;
}

/**
 * Target labels and exposed labels together, as Prometheus does: with `honorLabels` the exposed ones win; otherwise
 * the target's win and a clashing exposed label is kept as `exported_<name>`. Empty values mean "no label".
 */
export function mergeTargetLabels(
  exposed: Readonly<Record<string, string>>,
  target: Readonly<Record<string, string>>,
  honorLabels: boolean,
): Record<string, string> {
  const merged = new Map(Object.entries(exposed));
  for (const [name, value] of Object.entries(target)) {
    const existing = merged.get(name);
    if (honorLabels) {
      if (!existing) merged.set(name, value);
      continue;
    }
    if (existing) {
      let exported = `exported_${name}`;
      while (merged.get(exported)) exported = `exported_${exported}`;
      merged.set(exported, existing);
    }
    merged.set(name, value);
  }
  for (const [name, value] of merged) if (value === '') merged.delete(name);
  return Object.fromEntries(merged);
}

function finalSeries(
  sample: ParsedSample,
  ctx: SampleContext,
): { name: string; labels: Record<string, string> } | null {
  const labels = mergeTargetLabels(sample.labels, ctx.targetLabels, ctx.honorLabels);
  if (ctx.metricRelabelConfigs.length === 0) return { name: sample.name, labels };
  const relabeled = relabel({ ...labels, __name__: sample.name }, ctx.metricRelabelConfigs);
  const name = relabeled?.['__name__'];
  if (!relabeled || !name) return null;
  const { __name__: _name, ...rest } = relabeled;
  return { name, labels: rest };
}

/** The samples of one scrape: labels merged, `metric_relabel_configs` applied, timestamps chosen, identities hashed. */
export function buildSamples(parsed: readonly ParsedSample[], ctx: SampleContext): BuildSamplesResult {
  const samples: BuiltSample[] = [];
  const seen = new Set<string>();
  let droppedByRelabel = 0;
  let duplicates = 0;
  for (const sample of parsed) {
    const series = finalSeries(sample, ctx);
    if (series === null) {
      droppedByRelabel++;
      continue;
    }
    const hash = seriesHash(series.name, series.labels);
    if (seen.has(hash)) {
      duplicates++;
      continue;
    }
    seen.add(hash);
    const explicit = ctx.honorTimestamps && sample.hasExplicitTimestamp && sample.timestampMs !== undefined;
    samples.push({
      series: { hash, name: series.name, labels: series.labels, type: sample.type },
      value: sample.value,
      timestamp: explicit ? sample.timestampMs! : ctx.scrapeTimeMs,
      explicitTimestamp: explicit,
    });
  }
  return { samples, droppedByRelabel, duplicates };
}
