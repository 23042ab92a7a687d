export * from './definition';
export * from './definition-shape';
export * from './errors';
export * from './processor-config';
export * from './record-id';
export * from './run-step';
export * from './harness';
export type { AnomalyEvent, LogRecord, MetricSample } from '@daytwo/core';
