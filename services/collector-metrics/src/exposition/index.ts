export * from './types';
export * from './exposition-error';
export * from './content-type';
export * from './parse-exposition';
export { parseTextFormat } from './text-format-parser';
export { parseOpenMetrics } from './openmetrics-parser';
