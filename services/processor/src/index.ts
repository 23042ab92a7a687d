export * from './anomaly/templates';
export * from './anomaly/logs';
export * from './processors/log-templates';
export * from './processors/log-anomalies';
export * from './framework';
export * from './processors';
