export * from './anomaly/templates';
export * from './framework';
export * from './processors';
