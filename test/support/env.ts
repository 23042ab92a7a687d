/** Endpoints of the local stack (scripts/stack/stack.sh); override with the environment variables. */
export const testEnv = {
  elasticsearchUrl: process.env.DAYTWO_ES_URL ?? 'http://127.0.0.1:9200',
  prometheusUrl: process.env.DAYTWO_PROMETHEUS_URL ?? 'http://127.0.0.1:9090',
  redisUrl: process.env.DAYTWO_REDIS_URL ?? 'redis://127.0.0.1:6379',
  kafkaBrokers: (process.env.DAYTWO_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
  alertmanagerUrl: process.env.DAYTWO_ALERTMANAGER_URL ?? 'http://127.0.0.1:9093',
} as const;
