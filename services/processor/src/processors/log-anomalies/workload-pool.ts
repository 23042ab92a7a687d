import type { ProcessorLogger, ProcessorStateStore } from '@daytwo/processor-api';
import { PersistedPool } from '../shared/persisted-pool';
import type { WorkloadDetectors, WorkloadState } from './workload-detectors';
import {
  mergeWorkloadStates,
  workloadStateFromJson,
  workloadStateKey,
  workloadStateToJson,
} from './workload-state-json';

export type WorkloadPool = PersistedPool<WorkloadState>;

/**
 * The workloads' detector states: in memory up to `maxWorkloads` (least recently seen evicted), loaded from the state
 * store when a workload shows up, written back when changed. Writes merge with what is stored (mergeWorkloadStates),
 * so a replica that took a workload over and one that still holds an old copy of it do not undo each other.
 */
export function createWorkloadPool(
  detectors: WorkloadDetectors,
  store: ProcessorStateStore,
  logger: ProcessorLogger,
  maxWorkloads: number,
): WorkloadPool {
  return new PersistedPool<WorkloadState>(store, logger, {
    processor: 'log-anomalies',
    noun: 'workload',
    maxWeight: maxWorkloads,
    storeKey: workloadStateKey,
    encode: (state) => workloadStateToJson(detectors, state),
    decode: (text) => workloadStateFromJson(detectors, text),
    weight: () => 1,
    reconcile: (stored, mine) => {
      const copy = stored.read();
      return { write: copy === undefined ? mine : mergeWorkloadStates(detectors, mine, copy) };
    },
  });
}
