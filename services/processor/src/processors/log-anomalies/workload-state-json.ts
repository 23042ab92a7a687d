import { Workload } from '@daytwo/core';
import { z } from 'zod';
import { RateState } from '../../anomaly/logs';
import type { WorkloadDetectors, WorkloadState } from './workload-detectors';

export const WORKLOAD_STATE_VERSION = 1;

/** One workload's detector state as stored (key `workload/<namespace>/<name>`). */
const WorkloadStateJson = z.object({
  version: z.literal(WORKLOAD_STATE_VERSION),
  key: z.string().min(1),
  workload: Workload,
  pod: z.string().optional(),
  clock: z.number(),
  errors: RateState,
  fresh: z.unknown(),
  bursts: z.array(z.tuple([z.string().min(1), z.object({ rate: RateState, text: z.string() })])),
});
type WorkloadStateJson = z.infer<typeof WorkloadStateJson>;

/** A stored workload state that cannot be read (other version, malformed). */
export class WorkloadStateError extends Error {
  override readonly name = 'WorkloadStateError';
}

export function workloadStateKey(key: string): string {
  return `workload/${key}`;
}

export function workloadStateToJson(detectors: WorkloadDetectors, state: WorkloadState): string {
  const json: WorkloadStateJson = {
    version: WORKLOAD_STATE_VERSION,
    key: state.key,
    workload: state.workload,
    clock: state.clock,
    errors: state.errors,
    fresh: detectors.newTemplate.toJson(state.fresh),
    bursts: [...state.bursts],
  };
  if (state.pod !== undefined) json.pod = state.pod;
  return JSON.stringify(json);
}

export function workloadStateFromJson(detectors: WorkloadDetectors, text: string): WorkloadState {
  let json: WorkloadStateJson;
  let fresh: WorkloadState['fresh'];
  try {
    json = WorkloadStateJson.parse(JSON.parse(text));
    fresh = detectors.newTemplate.fromJson(json.fresh);
  } catch (err) {
    throw new WorkloadStateError(`stored workload state is unreadable: ${(err as Error).message.slice(0, 200)}`);
  }
  const max = detectors.burstLimit;
  const bursts = json.bursts.slice(Math.max(0, json.bursts.length - max));
  const state: WorkloadState = {
    key: json.key,
    workload: json.workload,
    clock: json.clock,
    errors: json.errors,
    fresh,
    bursts: new Map(bursts),
  };
  if (json.pod !== undefined) state.pod = json.pod;
  return state;
}

/**
 * Two replicas' state of one workload. The newer one (by event-time clock; ties: `mine`) keeps its baselines and
 * incidents: a workload's stored state only moves forward in event time. Known templates are unioned either way, so
 * no replica raises a new-template alarm for a template another replica already knew.
 */
export function mergeWorkloadStates(
  detectors: WorkloadDetectors,
  mine: WorkloadState,
  stored: WorkloadState,
): WorkloadState {
  const newer = stored.clock > mine.clock ? stored : mine;
  const older = newer === mine ? stored : mine;
  newer.fresh = detectors.newTemplate.merge(newer.fresh, older.fresh);
  return newer;
}
