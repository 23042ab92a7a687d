export * from './telemetry-config';
export * from './logger';
export * from './readiness';
export * from './metrics-registry';
export * from './metrics-server';
export * from './tracing';
export * from './process-warnings';
