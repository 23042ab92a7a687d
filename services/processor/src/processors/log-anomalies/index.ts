export { LogAnomaliesConfig } from './config';
export { createLogAnomalies, logAnomalies, type LogAnomaliesProcessor, type LogAnomaliesStats } from './log-anomalies';
export { anomalyEventId, toAnomalyEvent } from './anomaly-events';
export { workloadStateKey, WorkloadStateError } from './workload-state-json';
