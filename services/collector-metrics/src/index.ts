export * from './exposition';
export * from './relabel';
