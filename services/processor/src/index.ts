export * from './anomaly/templates';
export * from './anomaly/logs';
export * from './processors/log-templates';
export * from './processors/log-anomalies';
export * from './anomaly/metric';
// Both define toAnomalyEvent: the plain name stays the log one, as before.
export { toAnomalyEvent } from './processors/log-anomalies';
export { toAnomalyEvent as toMetricAnomalyEvent } from './anomaly/metric';
export * from './processors/metric-anomalies';
export * from './framework';
export * from './processors';
