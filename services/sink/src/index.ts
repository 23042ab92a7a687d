export * from './metrics/float64-bits';
export * from './metrics/remote-write-encoder';
export * from './metrics/remote-write-decoder';
export * from './elasticsearch';
export * from './config';
export * from './pipeline';
export * from './main';
