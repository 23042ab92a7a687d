export * from './anomaly/templates';
