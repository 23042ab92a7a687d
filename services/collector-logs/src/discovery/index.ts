export * from './glob';
export * from './name-filter';
export * from './layout';
export * from './scanner';
export * from './directory-watcher';
export * from './discovery-loop';
