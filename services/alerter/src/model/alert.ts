import type { Workload } from '@daytwo/core';

export type AlertStatus = 'firing' | 'resolved';
export type Severity = 'critical' | 'warning' | 'info';

/** One detector's finding in an alert, as the detector phrased it. */
export interface AlertSignal {
  source: 'metric' | 'log';
  detector: string;
  reason: string;
  score: number;
  /** `name{label="value",...}` for metric signals. */
  series?: string;
  value?: number;
  expected?: { lower: number; upper: number };
}

export interface AlertTemplate {
  id: string;
  text: string;
  /** One raw line that matched the template. */
  example?: string;
  /** Anomaly events of the group that named this template. */
  count: number;
}

export interface AlertLinks {
  /** Kibana Discover, filtered to the workload and the alert window. */
  kibana?: string;
  /** Prometheus graph of the first series. */
  prometheus?: string;
  /** A Prometheus graph per series. */
  series: Array<{ series: string; url: string }>;
}

/**
 * What the alerter sends (the generic webhook body) and keeps in Redis. The content is fixed when the grouping window
 * closes; later versions of the same fingerprint only change `status`, `version`, `updatedAt` and `endsAt`.
 */
export interface Alert {
  /** Stable hash of the cluster, workload and the detectors/series of the incident. */
  fingerprint: string;
  /** 1 for the first firing notification; every later notification of the same fingerprint adds one. */
  version: number;
  status: AlertStatus;
  title: string;
  /** What happened, in one sentence. */
  summary: string;
  /** Everything in words: what, where, when, score, templates, links. */
  description: string;
  cluster: string;
  workload: Workload;
  pods: string[];
  series: string[];
  detectors: string[];
  signals: AlertSignal[];
  /** Highest score of the grouped events, 0..1. */
  score: number;
  severity: Severity;
  /** Time of the first grouped event. */
  startsAt: string;
  /** Time of the last grouped event. */
  lastEventAt: string;
  /** When this version was made. */
  updatedAt: string;
  /** Set once resolved. */
  endsAt?: string;
  /** Time range the links show. */
  window: { from: string; to: string };
  templates: AlertTemplate[];
  links: AlertLinks;
  /** Anomaly events grouped into the alert. */
  events: number;
}

/** Scores at or above these are critical / warning; below is info. */
export const SEVERITY_THRESHOLDS = { critical: 0.9, warning: 0.7 } as const;

export function severityOf(score: number): Severity {
  if (score >= SEVERITY_THRESHOLDS.critical) return 'critical';
  if (score >= SEVERITY_THRESHOLDS.warning) return 'warning';
  return 'info';
}
