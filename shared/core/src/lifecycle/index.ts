export * from './lifecycle';
export * from './run-service';
