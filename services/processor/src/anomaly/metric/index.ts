export * from './config';
export * from './detector';
export * from './detector-state';
export * from './series-pool';
export * from './anomaly-event';
export * from './counter-rate';
export * from './histogram-quantile';
export { seededRandom } from './test-series';
