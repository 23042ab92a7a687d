export * from './definition';
export * from './run-step';
export * from './harness';
export type { AnomalyEvent, LogRecord, MetricSample } from '@daytwo/core';
