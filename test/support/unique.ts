import { randomBytes } from 'node:crypto';

/**
 * A name no other test run uses: `<prefix>_<time>_<random>`, lower case, [a-z0-9_] only, so it is valid as a
 * Kafka topic, Elasticsearch index, BullMQ queue and Prometheus metric name.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`.toLowerCase();
}
