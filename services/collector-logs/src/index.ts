export * from './parse';
export * from './multiline';
