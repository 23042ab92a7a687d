export * from './lifecycle';
export * from './run-service';
export * from './node-options';
