import { z } from 'zod';

/** The pipeline's topics. Every service takes its topic names from here, so a rename happens in one place. */
export const TOPIC_BASE_NAMES = {
  logsRaw: 'daytwo.logs.raw',
  logsEnriched: 'daytwo.logs.enriched',
  metricsRaw: 'daytwo.metrics.raw',
  metricsProcessed: 'daytwo.metrics.processed',
  anomalies: 'daytwo.anomalies',
  deadLetter: 'daytwo.deadletter',
} as const;

export type TopicRole = keyof typeof TOPIC_BASE_NAMES;
export type TopicNames = Record<TopicRole, string>;

// Kafka accepts [a-zA-Z0-9._-] and at most 249 characters for a topic name.
const LEGAL_PREFIX = /^[a-zA-Z0-9._-]{1,200}$/;

export class TopicNameError extends Error {
  override name = 'TopicNameError';
}

/**
 * Topic names, optionally under a prefix (`<prefix>.daytwo.logs.raw`) so tests and side-by-side deployments do not
 * share topics.
 */
export function topicNames(prefix?: string): TopicNames {
  if (prefix !== undefined && prefix !== '' && !LEGAL_PREFIX.test(prefix)) {
    throw new TopicNameError(`topic prefix ${JSON.stringify(prefix)} must match ${String(LEGAL_PREFIX)}`);
  }
  const names = {} as TopicNames;
  for (const role of Object.keys(TOPIC_BASE_NAMES) as TopicRole[]) {
    names[role] = prefix ? `${prefix}.${TOPIC_BASE_NAMES[role]}` : TOPIC_BASE_NAMES[role];
  }
  return names;
}

export function allTopicNames(prefix?: string): string[] {
  return Object.values(topicNames(prefix));
}

/** The `topicPrefix` key of every service config: topics are `<prefix>.daytwo.logs.raw`...; empty for the plain names. */
export const TopicPrefixConfig = z
  .string()
  .default('')
  .refine((prefix) => prefix === '' || LEGAL_PREFIX.test(prefix), 'must be [a-zA-Z0-9._-], at most 200 characters');
