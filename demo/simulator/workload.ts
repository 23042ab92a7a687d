import type { PodIdentity } from './pod-log-file';
import type { MetricSet } from './prometheus-text';

export interface TickOutput {
  stdout: string[];
  stderr: string[];
}

/** One simulated Deployment with one pod: writes its container log, exposes its metrics. */
export interface Workload {
  /** The Deployment name (what the pod name starts with). */
  readonly name: string;
  readonly identity: PodIdentity;
  readonly metrics: MetricSet;
  /** What happened in the last `seconds` up to `now`; `incident` while this workload is the one in trouble. */
  tick(now: number, seconds: number, incident: boolean): TickOutput;
}
