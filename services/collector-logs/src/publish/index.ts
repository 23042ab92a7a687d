export * from './byte-budget';
export * from './file-progress';
export * from './record-builder';
export * from './keyed-publisher';
