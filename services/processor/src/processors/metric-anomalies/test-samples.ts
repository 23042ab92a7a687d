import { AnomalyEvent, SCHEMA_VERSION, type MetricSample, type MetricType } from '@daytwo/core';
import { memoryStateStore, type ProcessorStateStore } from '@daytwo/processor-api';
import { noise, seededRandom } from '../../anomaly/metric/test-series';
import { MetricAnomaliesConfig } from './config';
import { createMetricAnomalies, type MetricAnomaliesProcessor } from './metric-anomalies';

/** Samples of the unit tests: one every 15 s from T0. */
export const T0 = Date.UTC(2026, 0, 1);
export const STEP_MS = 15_000;
export const POD = { namespace: 'shop', pod: 'api-7d9c8b6f5d-x2x4q' };

export function sample(
  name: string,
  labels: Record<string, string>,
  i: number,
  value: number,
  type: MetricType = 'gauge',
): MetricSample {
  const timestamp = T0 + i * STEP_MS;
  return {
    schema_version: SCHEMA_VERSION,
    id: `${name}${JSON.stringify(labels)}@${timestamp}`,
    name,
    labels,
    value,
    timestamp,
    type,
  };
}

/** Gauge values: `base` plus seeded noise (σ 1), `base + shift` from index `at` on. */
export function levelShift(n: number, at: number, shift: number, seed = 7, base = 100): number[] {
  const eps = noise(seededRandom(seed), n, 1);
  return eps.map((e, i) => base + e + (i >= at ? shift : 0));
}

export const gauge = (values: readonly number[], from = 0, labels: Record<string, string> = POD) =>
  values.slice(from).map((v, k) => sample('queue_depth', labels, from + k, v));

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** A processor on `state` whose events land in `events`. */
export function startProcessor(state: ProcessorStateStore = memoryStateStore(), config: object = {}) {
  const events: AnomalyEvent[] = [];
  const ctx = { name: 'metric-anomalies', logger: silent, emitAnomaly: (e: AnomalyEvent) => events.push(e), state };
  const processor: MetricAnomaliesProcessor = createMetricAnomalies(MetricAnomaliesConfig.parse(config), ctx);
  return { processor, events };
}

export const brief = (events: readonly AnomalyEvent[]) => events.map((e) => `${e.series?.name}:${e.status}`);
