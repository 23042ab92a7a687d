export * from './metrics';
export * from './retry/backoff';
export * from './elasticsearch';
export * from './config';
export * from './pipeline';
export * from './main';
