import type { Workload } from '@daytwo/core';
import {
  ErrorRateDetector,
  NewTemplateDetector,
  TemplateBurstDetector,
  type NewTemplateState,
  type RateDetection,
  type RateState,
  type WorkloadIdentity,
} from '../../anomaly/logs';
import type { LogAnomaliesConfig } from './config';

/** The longest template text and example line kept (state and events stay small). */
const MAX_TEXT = 1000;

export interface TemplateRef {
  readonly id: string;
  readonly text: string;
}

/** One record as the detectors see it. */
export interface Observation {
  readonly minute: number;
  /** Event time, ms. */
  readonly time: number;
  readonly isError: boolean;
  readonly template?: TemplateRef;
  readonly message: string;
  readonly pod?: string;
}

/** A detector's verdict for one workload, not yet an AnomalyEvent. */
export interface Finding {
  readonly detector: string;
  readonly status: 'firing' | 'resolved';
  /** Identity of the incident (with workload, detector and template): the same for its firing and resolved event. */
  readonly windowStart: number;
  /** Event time of the finding, ms. */
  readonly time: number;
  readonly score: number;
  readonly reason: string;
  readonly value?: number;
  readonly expected?: { lower: number; upper: number };
  readonly template?: { id: string; text: string; example?: string };
}

export interface BurstSeries {
  readonly rate: RateState;
  text: string;
}

/** Everything the detectors keep about one workload. */
export interface WorkloadState {
  readonly key: string;
  readonly workload: Workload;
  pod?: string;
  /** Start of the newest minute seen (all the workload's windows are open at this minute). */
  clock: number;
  readonly errors: RateState;
  fresh: NewTemplateState;
  /** Template id → its rate, least recently seen first. */
  readonly bursts: Map<string, BurstSeries>;
}

const clip = (text: string) => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text);

/** The three log detectors over one workload's records; state per workload, engines shared. */
export class WorkloadDetectors {
  readonly errorRate: ErrorRateDetector;
  readonly newTemplate: NewTemplateDetector;
  readonly burst: TemplateBurstDetector;
  /** Burst series dropped by `maxTemplatesPerWorkload`. */
  burstEvicted = 0;

  constructor(
    private readonly config: LogAnomaliesConfig,
    maxGapMinutes = 120,
  ) {
    const { errorRate, newTemplate, templateBurst } = config;
    this.errorRate = new ErrorRateDetector({ ...errorRate, maxGapMinutes });
    this.newTemplate = new NewTemplateDetector(newTemplate);
    this.burst = new TemplateBurstDetector({ ...templateBurst, maxGapMinutes });
  }

  get burstLimit(): number {
    return this.config.templateBurst.maxTemplatesPerWorkload;
  }

  start(identity: WorkloadIdentity, minute: number): WorkloadState {
    const state: WorkloadState = {
      key: identity.key,
      workload: identity.workload,
      clock: minute,
      errors: this.errorRate.start(minute),
      fresh: this.newTemplate.start(minute),
      bursts: new Map(),
    };
    if (identity.pod !== undefined) state.pod = identity.pod;
    return state;
  }

  /** True when a record of this minute is too old to count for the workload. */
  isLate(state: WorkloadState, minute: number): boolean {
    return minute < state.clock - this.config.allowedLatenessSeconds * 1000;
  }

  observe(state: WorkloadState, record: Observation): Finding[] {
    const findings = this.advance(state, record.minute);
    if (record.pod !== undefined) state.pod = record.pod;
    const template = record.template && { id: record.template.id, text: clip(record.template.text) };
    const example = clip(record.message);
    if (record.isError && this.config.errorRate.enabled) {
      const d = this.errorRate.add(state.errors);
      if (d !== undefined) findings.push(this.rateFinding(this.errorRate, d, record.time, template, example));
    }
    if (template === undefined) return findings;
    if (this.config.newTemplate.enabled) {
      const d = this.newTemplate.observe(state.fresh, state.clock, template.id);
      if (d !== undefined) {
        const reason = this.newTemplate.describe(d);
        const t = { ...template, example };
        findings.push({
          detector: this.newTemplate.name,
          status: 'firing',
          windowStart: d.minute,
          time: record.time,
          score: d.score,
          reason,
          template: t,
        });
      }
    }
    if (this.config.templateBurst.enabled) {
      const series = this.series(state, template);
      const d = this.burst.add(series.rate);
      if (d !== undefined) findings.push(this.rateFinding(this.burst, d, record.time, template, example));
    }
    return findings;
  }

  /** Closes the workload's minutes before `minute`; resolutions of its incidents come out. */
  advance(state: WorkloadState, minute: number): Finding[] {
    if (minute <= state.clock) return [];
    const findings: Finding[] = [];
    for (const d of this.errorRate.advance(state.errors, minute)) findings.push(this.rateFinding(this.errorRate, d));
    for (const [id, series] of state.bursts) {
      for (const d of this.burst.advance(series.rate, minute)) {
        findings.push(this.rateFinding(this.burst, d, undefined, { id, text: series.text }));
      }
    }
    state.clock = minute;
    return findings;
  }

  private series(state: WorkloadState, template: TemplateRef): BurstSeries {
    let series = state.bursts.get(template.id);
    if (series === undefined) {
      series = { rate: this.burst.start(state.clock), text: template.text };
    } else {
      state.bursts.delete(template.id);
      series.text = template.text;
    }
    state.bursts.set(template.id, series);
    for (const id of state.bursts.keys()) {
      if (state.bursts.size <= this.config.templateBurst.maxTemplatesPerWorkload) break;
      state.bursts.delete(id);
      this.burstEvicted++;
    }
    return series;
  }

  private rateFinding(
    detector: ErrorRateDetector | TemplateBurstDetector,
    d: RateDetection,
    time?: number,
    template?: TemplateRef,
    example?: string,
  ): Finding {
    const finding: Finding = {
      detector: detector.name,
      status: d.status,
      windowStart: d.windowStart,
      // A resolution is seen when its (normal) minute is over.
      time: time ?? d.minute + 60_000,
      score: d.score,
      reason: detector.describe(d),
      value: d.value,
      expected: d.expected,
    };
    if (template === undefined) return finding;
    return { ...finding, template: example === undefined ? { ...template } : { ...template, example } };
  }
}
