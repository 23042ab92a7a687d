export * from './rotation';
export * from './file-head';
export * from './file-tailer';
export * from './open-file';
export * from './tailer-context';
export * from './tailer-set';
export * from './file-lines';
export * from './file-tracker';
