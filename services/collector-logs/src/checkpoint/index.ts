export * from './atomic-file';
export * from './checkpoint-entry';
export * from './checkpoint-store';
