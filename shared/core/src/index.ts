export * from './schemas/version';
export * from './schemas/log-record';
export * from './schemas/metric-sample';
export * from './schemas/anomaly-event';
export * from './wire/envelope';
export * from './config';
export * from './telemetry';
export * from './lifecycle';
