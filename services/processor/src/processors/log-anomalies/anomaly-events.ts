import { createHash } from 'node:crypto';
import { SCHEMA_VERSION, type AnomalyEvent } from '@daytwo/core';
import { ERROR_RATE_DETECTOR } from '../../anomaly/logs';
import type { Finding, WorkloadState } from './workload-detectors';

/**
 * The event id: a hash of the workload, the detector, the template (for per-template detectors) and the start of the
 * incident's minute. Replaying the same records gives the same ids, and an incident's `resolved` event carries the
 * id of its `firing` event (the anomaly topic is keyed by id, so the two stay in order).
 */
export function anomalyEventId(workloadKey: string, finding: Finding): string {
  const template = finding.detector === ERROR_RATE_DETECTOR ? '' : (finding.template?.id ?? '');
  return createHash('sha256')
    .update(`log\n${workloadKey}\n${finding.detector}\n${template}\n${finding.windowStart}`)
    .digest('hex')
    .slice(0, 32);
}

export function toAnomalyEvent(state: WorkloadState, finding: Finding): AnomalyEvent {
  const event: AnomalyEvent = {
    schema_version: SCHEMA_VERSION,
    id: anomalyEventId(state.key, finding),
    '@timestamp': new Date(finding.time).toISOString(),
    source: 'log',
    detector: finding.detector,
    score: Math.min(1, Math.max(0, finding.score)),
    reason: finding.reason,
    status: finding.status,
    workload: { ...state.workload },
  };
  if (state.pod !== undefined) event.pod = state.pod;
  if (finding.value !== undefined) event.value = finding.value;
  if (finding.expected !== undefined) event.expected = { ...finding.expected };
  if (finding.template !== undefined) event.template = { ...finding.template };
  return event;
}
