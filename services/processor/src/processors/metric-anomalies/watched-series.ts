import type { AnomalyEvent, Workload } from '@daytwo/core';
import { MetricAnomalyDetector, toAnomalyEvent, type DetectorConfig, type SeriesRef } from '../../anomaly/metric';

/** An open incident of one series: the id of its firing event, and the samples below the threshold since. */
export interface Incident {
  id: string;
  normal: number;
}

export interface WatchedSeriesState {
  series: SeriesRef;
  detector: unknown;
  incident: Incident | null;
}

export interface AlertRules {
  threshold: number;
  resolveAfterSamples: number;
}

/**
 * One series the detector looks at (a gauge, a counter's rate, a histogram quantile) and its incident. A score at or
 * above the threshold opens an incident (a `firing` event); more such scores while it is open belong to it and emit
 * nothing; `resolveAfterSamples` samples below the threshold in a row close it (a `resolved` event with the firing
 * event's id, so that the alerter ends that occurrence).
 */
export class WatchedSeries {
  constructor(
    readonly series: SeriesRef,
    readonly detector: MetricAnomalyDetector,
    private incident: Incident | undefined = undefined,
  ) {}

  static fresh(series: SeriesRef, config: DetectorConfig): WatchedSeries {
    return new WatchedSeries(series, new MetricAnomalyDetector(config));
  }

  /** Throws DetectorStateError for a detector state that cannot be restored. */
  static fromJSON(state: WatchedSeriesState): WatchedSeries {
    return new WatchedSeries(state.series, MetricAnomalyDetector.fromJSON(state.detector), state.incident ?? undefined);
  }

  get firing(): boolean {
    return this.incident !== undefined;
  }

  /** Feeds one sample; the event it causes, if any. A sample not after the previous one (redelivered) is ignored. */
  observe(timestamp: number, value: number, rules: AlertRules, workload?: Workload): AnomalyEvent | undefined {
    const before = this.detector.samples;
    const detection = this.detector.update(timestamp, value);
    if (this.detector.samples === before) return undefined;
    const input = { series: this.series, timestamp, value, detection };
    const firing = toAnomalyEvent({ ...input, threshold: rules.threshold });
    if (firing !== undefined) {
      if (this.incident !== undefined) {
        this.incident.normal = 0;
        return undefined;
      }
      this.incident = { id: firing.id, normal: 0 };
      return withWorkload(firing, workload);
    }
    if (this.incident === undefined || ++this.incident.normal < rules.resolveAfterSamples) return undefined;
    const event = toAnomalyEvent({ ...input, threshold: 0 })!;
    const resolved: AnomalyEvent = {
      ...event,
      id: this.incident.id,
      status: 'resolved',
      reason: `back to normal: ${this.incident.normal} samples in a row below the threshold`,
    };
    this.incident = undefined;
    return withWorkload(resolved, workload);
  }

  toJSON(): WatchedSeriesState {
    return { series: this.series, detector: this.detector.toJSON(), incident: this.incident ?? null };
  }
}

function withWorkload(event: AnomalyEvent, workload: Workload | undefined): AnomalyEvent {
  return workload === undefined ? event : { ...event, workload: { ...workload } };
}
