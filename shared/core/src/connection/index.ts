export * from './redis-config';
export * from './tls-files';
